// 一户一档 in a real browser (issue 15 §3), against the real services: a household of the demo village is registered
// through the API with its causes, then the village cadre finds it by part of the head's name, opens its file —
// members, causes, and the timeline with who signed each step — in both languages; an auditor finds it with the ID
// numbers masked; a township reviewer of another township finds nothing.
import { randomInt, randomUUID } from 'node:crypto';
import { serviceClient } from '@fupin/api-client';
import { residentIdCheckDigit } from '@fupin/identification-rules';
import { type Page, expect, test } from '@playwright/test';
import { token } from './support/env';
import { expectControlsNamed, screenshotBoth } from './support/pages';

const VILLAGE = '430523101201';
// a name this run alone gives (a surname and a given name of two rare characters), so the search finds one household
const GIVEN = ['翊', '璟', '婳', '骞', '珩', '昶', '沅', '祎'];
const HEAD = `欧阳${GIVEN[randomInt(0, GIVEN.length)]}${GIVEN[randomInt(0, GIVEN.length)]}${randomInt(10, 99)}`;

function residentId(birthDate: string): string {
  const first17 = `${VILLAGE.slice(0, 6)}${birthDate.replace(/-/g, '')}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: new RegExp(`登录: ${name}`) }).click();
  await expect(page.getByTestId('signed-in-user')).toContainText(name);
}

async function search(page: Page, q: string): Promise<void> {
  await page.goto('/households');
  await page.getByLabel('姓名（可只输入一部分）、身份证号（18位）或区划代码').fill(q);
  await page.getByRole('button', { name: '查询', exact: true }).click();
}

test.describe.configure({ mode: 'serial' });

test.describe('一户一档', () => {
  let householdId: string;
  let headId: string;

  test.beforeAll(async ({}, testInfo) => {
    const baseURL = testInfo.project.use.baseURL!;
    const cadre = serviceClient(
      'identification-service',
      `${baseURL}/api/identification`,
      await token('village_cadre', VILLAGE, 'dev-village-cadre'),
    );
    const born = `19${randomInt(70, 95)}-0${randomInt(1, 10)}-1${randomInt(0, 10)}`;
    headId = residentId(born);
    const created = await cadre.POST('/households', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        villageCode: VILLAGE,
        members: [
          { idNumber: headId, name: HEAD, birthDate: born, relation: '户主', basicMedicalInsured: true },
          { idNumber: residentId('2012-05-10'), name: '欧阳小禾', birthDate: '2012-05-10', relation: '子女' },
        ],
      },
    });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    householdId = created.data!.id;
    const causes = await cadre.PUT('/households/{id}/causes', {
      params: { path: { id: householdId } },
      body: { mainCause: 'illness', otherCauses: ['lack_of_skills'], assistanceCategory: 'production' },
    });
    expect(causes.response.status, JSON.stringify(causes.error)).toBe(200);
  });

  test('the village cadre finds the household by part of the name and reads its file and timeline', async ({
    page,
  }) => {
    await signIn(page, '李春梅');
    await search(page, HEAD.slice(0, 3));
    const row = page.getByRole('row').filter({ hasText: HEAD });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(headId); // the procedure's officials read ID numbers in full
    await expectControlsNamed(page, 'household search');
    await row.getByRole('link', { name: HEAD }).click();
    await expect(page).toHaveURL(new RegExp(`/households/${householdId}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(HEAD);
    await expect(page.getByText('欧阳小禾')).toBeVisible();
    await expect(page.getByText('因病').first()).toBeVisible();
    const timeline = page.getByTestId('household-timeline');
    await expect(timeline).toBeVisible();
    await expect(timeline.getByRole('row')).not.toHaveCount(0);
    await expect(timeline).toContainText('村两委干部'); // who signed: the cadre's role, by the audit chain
    await expectControlsNamed(page, 'household file');
    await screenshotBoth(page, 'household-file', async (lang) => {
      await expect(page.getByRole('heading', { level: 1 })).toContainText(HEAD);
      await expect(page.getByRole('heading', { level: 2 }).first()).not.toHaveText(lang === 'en' ? /[一-龥]/ : /^$/);
    });
  });

  test('an auditor finds it with the ID numbers masked', async ({ page }) => {
    await signIn(page, '吴正清');
    await search(page, HEAD);
    const row = page.getByRole('row').filter({ hasText: HEAD });
    await expect(row).toHaveCount(1);
    await expect(row).not.toContainText(headId);
    await expect(row).toContainText(`${headId.slice(0, 4)}**********${headId.slice(-4)}`);
    await expect(page.getByText('身份证号已部分隐藏：您的角色不能查看完整号码。')).toBeVisible();
  });

  test('a township reviewer of another township finds nothing of it', async ({ page }) => {
    await signIn(page, '黄丽华');
    await search(page, HEAD);
    await expect(page.getByText('没有符合条件的农户。')).toBeVisible();
    await page.goto(`/households/${householdId}`);
    await expect(page.getByRole('heading', { level: 1 })).not.toContainText(HEAD);
  });
});
