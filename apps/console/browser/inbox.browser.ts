// 待办 and signing in a real browser (issue 15 §1–2), against the real services: a round is seeded through the APIs
// as a department's system would (households registered by the village cadre, the round opened), then the cadre signs
// in, finds the round's application step in the inbox, signs it for every household after the confirmation and sees it
// leave the inbox; a township reviewer of another township sees none of it; the next step is signed with the keyboard
// only; a step that moved on meanwhile is refused in words.
import { randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { serviceClient } from '@fupin/api-client';
import { residentIdCheckDigit } from '@fupin/identification-rules';
import { type Locator, type Page, expect, test } from '@playwright/test';
import { expectControlsNamed, screenshotBoth, screenshotDir } from './support/pages';
import { TEMPORAL_UI } from './support/stack';

/** The dev issuer's demo village and the users of the console's dev sign-in (libs/auth dev-issuer.ts DEV_USERS). */
const VILLAGE = '430523101201';
const CADRE = { subject: 'dev-village-cadre', name: '李春梅' };
const OTHER_TOWNSHIP_REVIEWER = { subject: 'dev-township-reviewer-2', name: '黄丽华' };
const OPERATOR = { subject: 'dev-workflow-operator', name: '郑海涛' };
const HEADS = ['韩立新', '孙晓燕'];

type Identification = ReturnType<typeof identificationAs>;

function identificationAs(baseURL: string, token: string) {
  return serviceClient('identification-service', `${baseURL}/api/identification`, token);
}

/** A token of a dev user, from the dev issuer through the console's /auth proxy (as the sign-in page gets it). */
async function devToken(baseURL: string, subject: string): Promise<string> {
  const res = await fetch(`${baseURL}/auth/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ subject }),
  });
  const body = (await res.json()) as { token?: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.token!;
}

function residentId(birthDate: string): string {
  const first17 = `${VILLAGE.slice(0, 6)}${birthDate.replace(/-/g, '')}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

async function registerApplicant(api: Identification, head: string): Promise<string> {
  const born = `19${randomInt(50, 99)}-0${randomInt(1, 10)}-1${randomInt(0, 10)}`;
  const created = await api.POST('/households', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: {
      villageCode: VILLAGE,
      members: [
        { idNumber: residentId(born), name: head, birthDate: born, relation: '户主', basicMedicalInsured: true },
      ],
    },
  });
  expect(created.response.status, JSON.stringify(created.error)).toBe(201);
  return created.data!.id;
}

/** An income year the demo village has no round of yet (one round per village and year). */
async function freeIncomeYear(api: Identification): Promise<number> {
  const listed = await api.GET('/rounds', { params: { query: { division: VILLAGE } } });
  expect(listed.response.status).toBe(200);
  const used = new Set(listed.data!.rounds.map((r) => r.income_year));
  const free = Array.from({ length: 2100 - 2014 + 1 }, (_, i) => 2014 + i).filter((y) => !used.has(y));
  if (free.length === 0) throw new Error(`village ${VILLAGE} has a round of every year 2014–2100 on this stack`);
  return free[randomInt(free.length)];
}

interface Seeded {
  roundId: string;
  householdIds: string[];
}

async function waitForStep(api: Identification, roundId: string, ids: string[], step: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await api.GET('/rounds/{id}', { params: { path: { id: roundId } } });
        return ids.every((id) => s.data?.households.find((h) => h.householdId === id)?.step === step);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: new RegExp(`登录: ${name}`) }).click();
  await expect(page.getByTestId('signed-in-user')).toContainText(name);
}

const workItem = (page: Page, roundId: string, step: string): Locator =>
  page.locator(`[data-testid="work-item"][data-procedure-id="${roundId}"][data-step="${step}"]`);

/** Refresh the inbox until `check` holds: the inbox reads the step mirrors, which follow the workflow by a moment. */
async function refreshUntil(page: Page, check: () => Promise<boolean>): Promise<void> {
  await expect
    .poll(
      async () => {
        await Promise.all([
          page.waitForResponse((r) => r.url().includes('/api/identification/work-items')),
          page.getByRole('button', { name: '刷新' }).click(),
        ]);
        await expect(page.getByTestId('inbox-counts')).toBeVisible();
        return check();
      },
      { timeout: 30_000, intervals: [250, 500, 1000] },
    )
    .toBe(true);
}

/** Press Tab until the focused element matches `selector` (keyboard only: no click, no programmatic focus). */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test.describe.serial('待办 and signing', () => {
  let seeded: Seeded;
  let cadreApi: Identification;

  test.beforeAll(async ({}, testInfo) => {
    const baseURL = testInfo.project.use.baseURL!;
    cadreApi = identificationAs(baseURL, await devToken(baseURL, CADRE.subject));
    const householdIds = [];
    for (const head of HEADS) householdIds.push(await registerApplicant(cadreApi, head));
    const opened = await cadreApi.POST('/rounds', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { villageCode: VILLAGE, incomeYear: await freeIncomeYear(cadreApi), householdIds },
    });
    expect(opened.response.status, JSON.stringify(opened.error)).toBe(201);
    seeded = { roundId: opened.data!.roundId, householdIds };
    await waitForStep(cadreApi, seeded.roundId, householdIds, 'application');
  });

  test.afterAll(async () => {
    // leave the demo village's inbox as it was: the households withdraw (撤回申请) wherever they are
    if (!seeded) return;
    const s = await cadreApi.GET('/rounds/{id}', { params: { path: { id: seeded.roundId } } });
    const byStep = new Map<string, string[]>();
    for (const h of s.data?.households ?? []) byStep.set(h.step, [...(byStep.get(h.step) ?? []), h.householdId]);
    for (const [step, ids] of byStep)
      if (!['registered', 'refused', 'withdrawn'].includes(step))
        await cadreApi.POST('/rounds/{id}/actions', {
          params: { path: { id: seeded.roundId } },
          body: { step: step as 'application', householdIds: ids, action: 'withdraw', reason: '浏览器测试结束，撤回' },
        });
  });

  test('a village cadre finds the application step in the inbox, signs it for all households, and it leaves the inbox', async ({
    page,
  }) => {
    await signIn(page, CADRE.name);
    // the inbox is the signed-in official's home page
    await expect(page.getByRole('heading', { level: 1, name: '我的待办' })).toBeVisible();
    const item = workItem(page, seeded.roundId, 'application');
    await refreshUntil(page, async () => (await item.count()) === 1);
    await expect(item).toContainText('贫困户识别');
    await expect(item).toContainText(VILLAGE);
    await expect(item.getByRole('cell').nth(3)).toHaveText(String(HEADS.length));
    await expectControlsNamed(page, 'inbox');
    await screenshotBoth(page, 'inbox', async (lang) => {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'en' ? 'My work' : '我的待办');
      await expect(item).toContainText(lang === 'en' ? 'Identification round' : '贫困户识别');
    });

    await item.getByRole('link', { name: '农户申请' }).click();
    await expect(page).toHaveURL(new RegExp(`/rounds/${seeded.roundId}\\?step=application$`));
    await expect(page.getByTestId('run-household')).toHaveCount(HEADS.length);
    await page.getByLabel(`全选本村在此环节的全部 ${HEADS.length} 户（村 ${VILLAGE}）`).check();
    await expect(page.getByText(`已选 ${HEADS.length} 户`, { exact: true })).toBeVisible();
    await expect(page.getByLabel('通过', { exact: true })).toBeChecked();
    await expectControlsNamed(page, 'run at a step');
    await screenshotBoth(page, 'run-step', async (lang) => {
      await expect(page.getByRole('heading', { level: 2 })).toHaveText(lang === 'en' ? 'Application' : '农户申请');
    });
    await page.getByRole('button', { name: `核对并签署（已选 ${HEADS.length} 户）` }).click();

    // the confirmation shows exactly what will be signed, before anything is posted
    const dialog = page.getByRole('dialog', { name: '确认签署' });
    await expect(dialog).toBeVisible();
    const what = dialog.getByTestId('confirm-what');
    await expect(what).toContainText('农户申请');
    await expect(what).toContainText('通过');
    await expect(what).toContainText(`${HEADS.length} 户`);
    for (const [i, id] of seeded.householdIds.entries()) await expect(dialog).toContainText(`${HEADS[i]} · ${id}`);
    const round = await cadreApi.GET('/rounds/{id}', { params: { path: { id: seeded.roundId } } });
    expect(round.data!.households.every((h) => h.step === 'application')).toBe(true);
    await expectControlsNamed(page, 'confirmation');
    await page.screenshot({ path: path.join(screenshotDir, 'sign-confirm.zh-CN.png') });
    await dialog.getByRole('button', { name: `确认通过（${HEADS.length} 户）` }).click();

    await expect(dialog).toBeHidden();
    const outcome = page.getByTestId('sign-outcome');
    await expect(outcome).toContainText(`已签署 ${HEADS.length} 户`);
    await expect(outcome).toContainText(`${HEADS.length} 户进入“入户调查”`);
    await waitForStep(cadreApi, seeded.roundId, seeded.householdIds, 'household_survey');

    await page.getByRole('link', { name: '← 返回我的待办' }).click();
    await refreshUntil(
      page,
      async () =>
        (await workItem(page, seeded.roundId, 'application').count()) === 0 &&
        (await workItem(page, seeded.roundId, 'household_survey').count()) === 1,
    );
  });

  test('a township reviewer of another township sees nothing of the round', async ({ page }) => {
    await signIn(page, OTHER_TOWNSHIP_REVIEWER.name);
    await expect(page.getByRole('heading', { level: 1, name: '我的待办' })).toBeVisible();
    await expect(page.getByTestId('inbox-counts')).toBeVisible();
    await expect(page.locator(`[data-procedure-id="${seeded.roundId}"]`)).toHaveCount(0);
    // asked for the demo village directly: outside the jurisdiction, nothing
    await page.getByLabel('区划代码（县6位、乡镇9位、村12位，可选）').fill(VILLAGE);
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`village=${VILLAGE}`));
    await expect(page.getByTestId('inbox-counts')).toHaveText('共 0 项待办，涉及 0 户次');
    // and the run itself is refused, in words
    await page.goto(`/rounds/${seeded.roundId}?step=household_survey`);
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByRole('alert')).not.toHaveText(/^请求失败/);
    await expect(page.getByTestId('run-household')).toHaveCount(0);
  });

  test("a workflow operator sees the round's waiting step with who must act and a link to its run in the Temporal UI", async ({
    page,
  }) => {
    await signIn(page, OPERATOR.name);
    await expect(page.getByRole('heading', { level: 1, name: '我的待办' })).toBeVisible();
    const item = page.locator(`[data-procedure-id="${seeded.roundId}"]`);
    await refreshUntil(page, async () => (await item.count()) === 1);
    await expect(item).toContainText('待村两委干部办理');
    const round = await cadreApi.GET('/rounds/{id}', { params: { path: { id: seeded.roundId } } });
    const run = item.getByRole('link', { name: `在 Temporal UI 中打开流程 ${round.data!.workflowId}` });
    await expect(run).toHaveAttribute(
      'href',
      `${TEMPORAL_UI}/namespaces/default/workflows/${encodeURIComponent(round.data!.workflowId)}`,
    );
    await expectControlsNamed(page, 'operator inbox');
    await screenshotBoth(page, 'inbox-operator', async (lang) => {
      await expect(item).toContainText(lang === 'en' ? 'waits for: Village cadre' : '待村两委干部办理');
    });
  });

  test('the cadre signs the next step with the keyboard only: reason required, confirmation, Escape', async ({
    page,
  }) => {
    await signIn(page, CADRE.name);
    await refreshUntil(page, async () => (await workItem(page, seeded.roundId, 'household_survey').count()) === 1);
    await page.locator('body').click({ position: { x: 1, y: 1 } }); // start Tab from the top of the page
    await tabTo(page, `[data-procedure-id="${seeded.roundId}"][data-step="household_survey"] a`);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/rounds/${seeded.roundId}\\?step=household_survey$`));
    await expect(page.getByTestId('run-household')).toHaveCount(HEADS.length);

    // Space and Enter both toggle the select-all checkbox
    await tabTo(page, '#select-all');
    await page.keyboard.press('Space');
    await expect(page.getByText(`已选 ${HEADS.length} 户`, { exact: true })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByText('已选 0 户', { exact: true })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByText(`已选 ${HEADS.length} 户`, { exact: true })).toBeVisible();

    // the action by arrow keys: approve → reject → send back (退回, a reason required)
    await tabTo(page, 'input[name="action"]');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByLabel('退回', { exact: true })).toBeChecked();
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toHaveText('“退回”须填写理由。');
    await expect(page.locator('#sign-reason')).toBeFocused();
    await page.keyboard.type('入户调查材料不全，退回补充申请材料');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    // the dialog opens on its safe button, keeps focus inside, and Escape closes it without signing
    const dialog = page.getByRole('dialog', { name: '确认签署' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('confirm-what')).toContainText('入户调查材料不全，退回补充申请材料');
    await expect(dialog.getByTestId('confirm-what')).toContainText('退回');
    await expect(page.locator('dialog button:not(.primary)')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.locator('button[type="submit"]')).toBeFocused();
    await waitForStep(cadreApi, seeded.roundId, seeded.householdIds, 'household_survey');

    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.locator('dialog button.primary')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.locator('dialog button:not(.primary)')).toBeFocused(); // wrapped: focus stays in the dialog
    await page.keyboard.press('Shift+Tab');
    await expect(page.locator('dialog button.primary')).toBeFocused();
    await page.keyboard.press('Enter');

    const outcome = page.getByTestId('sign-outcome');
    await expect(outcome).toContainText(`已签署 ${HEADS.length} 户`);
    await expect(outcome).toContainText(`${HEADS.length} 户进入“农户申请”`);
    await expect(page.locator('[data-testid="sign-outcome"]')).toBeFocused();
    await waitForStep(cadreApi, seeded.roundId, seeded.householdIds, 'application');
  });

  test('a step that moved on meanwhile is refused, in words, in the chosen language', async ({ page }) => {
    await signIn(page, CADRE.name);
    await page.goto(`/rounds/${seeded.roundId}?step=application`);
    await expect(page.getByTestId('run-household')).toHaveCount(HEADS.length);
    await page.getByLabel(`全选本村在此环节的全部 ${HEADS.length} 户（村 ${VILLAGE}）`).check();
    await page.getByRole('button', { name: /核对并签署/ }).click();
    // meanwhile someone else signed it
    const signed = await cadreApi.POST('/rounds/{id}/actions', {
      params: { path: { id: seeded.roundId } },
      body: { step: 'application', householdIds: seeded.householdIds, action: 'approve' },
    });
    expect(signed.response.status).toBe(201);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确认通过/ })
      .click();
    const refused = page.getByTestId('sign-outcome');
    await expect(refused).toHaveAttribute('role', 'alert');
    await expect(refused).toContainText('未签署：情况已变化');

    // in English the refusal reads in English, the service's own message included
    await page.getByRole('button', { name: '切换为英文' }).click();
    await page.getByRole('link', { name: /^Household survey/ }).click();
    await page
      .getByLabel(`Select all ${HEADS.length} households of this village at this step (village ${VILLAGE})`)
      .check();
    await page.getByLabel('Send back', { exact: true }).check();
    await page.getByRole('button', { name: /^Review and sign/ }).click();
    await expect(page.getByRole('alert')).toHaveText('“Send back” needs a reason.');
    await page.getByLabel(/^Reason/).fill('材料不全');
    await page.getByRole('button', { name: /^Review and sign/ }).click();
    await page.screenshot({ path: path.join(screenshotDir, 'sign-confirm.en.png') });
    const sentBack = await cadreApi.POST('/rounds/{id}/actions', {
      params: { path: { id: seeded.roundId } },
      body: { step: 'household_survey', householdIds: seeded.householdIds, action: 'send_back', reason: '材料不全' },
    });
    expect(sentBack.response.status).toBe(201);
    await page
      .getByRole('dialog', { name: 'Confirm your signature' })
      .getByRole('button', { name: /^Confirm: Send back/ })
      .click();
    await expect(refused).toContainText('Not signed: it has moved on');
    await expect(refused).not.toContainText(/[\u4e00-\u9fff]/);
  });
});
