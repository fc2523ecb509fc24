// 数据看板 in a real browser (issue 15 §7): a township's households are seeded through the API (applied by the village
// cadre, causes and 五个一批 category set by the cadre, the register status then put directly as the procedures would
// — those are tested on their own), a month's medical aid report as the monthly schedule stores it; the county
// approver opens the dashboard and every figure shown is what the APIs answer, read by the test with the same token;
// the charts are drawn (a canvas of non-zero size with painted pixels) under the console's CSP; the township picker
// shows a township's figures; a township reviewer sees the panels the APIs refuse them in words.
import { randomInt, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { serviceClient } from '@fupin/api-client';
import { residentIdCheckDigit } from '@fupin/identification-rules';
import { type Page, expect, test } from '@playwright/test';
import { requireEnv, token } from './support/env';
import { type Lang, expectControlsNamed, screenshotBoth, screenshotDir } from './support/pages';

const COUNTY = '430523';
/** the dev issuer's second township: the dashboard's figures are seeded there */
const TOWNSHIP = '430523102';
const [VILLAGE_A, VILLAGE_B] = ['430523102201', '430523102202'];
const APPROVER = { subject: 'dev-county-approver', name: '张卫东' };
const REVIEWER = { subject: 'dev-township-reviewer', name: '王建军', township: '430523101' };

type Identification = ReturnType<typeof identification>;
const identification = (baseURL: string, bearer: string) =>
  serviceClient('identification-service', `${baseURL}/api/identification`, bearer);
const medicalAid = (baseURL: string, bearer: string) =>
  serviceClient('medical-aid-service', `${baseURL}/api/medical-aid`, bearer);

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

function member(village: string, name: string, relation: string) {
  const born = `19${randomInt(50, 99)}-0${randomInt(1, 10)}-1${randomInt(0, 10)}`;
  const first17 = `${village.slice(0, 6)}${born.replace(/-/g, '')}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return { idNumber: first17 + residentIdCheckDigit(first17), name, birthDate: born, relation };
}

interface Seed {
  village: string;
  size: number;
  status: 'applicant' | 'registered' | 'exited';
  causes?: { mainCause: string; assistanceCategory: string };
}

/** Applied through the API as the village cadre, its causes set by the cadre; its id. */
async function apply(api: Identification, seed: Seed): Promise<string> {
  const members = Array.from({ length: seed.size }, (_, i) => member(seed.village, `看板${i}`, i ? '子女' : '户主'));
  const created = await api.POST('/households', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: { villageCode: seed.village, members },
  });
  expect(created.response.status, JSON.stringify(created.error)).toBe(201);
  const id = created.data!.id;
  if (seed.causes) {
    const set = await api.PUT('/households/{id}/causes', {
      params: { path: { id } },
      body: { ...seed.causes, otherCauses: [] },
    });
    expect(set.response.status, JSON.stringify(set.error)).toBe(200);
  }
  return id;
}

const SEEDS: Seed[] = [
  {
    village: VILLAGE_A,
    size: 2,
    status: 'registered',
    causes: { mainCause: 'illness', assistanceCategory: 'production' },
  },
  {
    village: VILLAGE_A,
    size: 3,
    status: 'registered',
    causes: { mainCause: 'lack_of_funds', assistanceCategory: 'production' },
  },
  { village: VILLAGE_A, size: 1, status: 'applicant' },
  {
    village: VILLAGE_B,
    size: 3,
    status: 'registered',
    causes: { mainCause: 'disability', assistanceCategory: 'social_security' },
  },
  { village: VILLAGE_B, size: 2, status: 'exited' },
];

/** Integer fen as the month's totals the monthly schedule stores (medical-aid report.repository.ts store()). */
const REPORT_TOTALS = {
  countyCode: COUNTY,
  claims: 7,
  people: 5,
  totalCost: 2_876_543,
  inPolicyCost: 2_500_000,
  basic: 1_234_567,
  critical: 234_500,
  assistance: 98_765,
  backstop: 4_321,
  patientPays: 54_321,
};

/** The register statuses put directly (the identification and exit procedures that set them are tested elsewhere). */
async function putStatuses(byStatus: Map<string, string[]>): Promise<void> {
  const db = new Client({ connectionString: requireEnv('IDENTIFICATION_DATABASE_URL') });
  await db.connect();
  try {
    for (const [status, ids] of byStatus)
      if (status !== 'applicant')
        await db.query(`UPDATE household SET status = $2 WHERE id = ANY($1::uuid[])`, [ids, status]);
  } finally {
    await db.end();
  }
}

/** Last month's report of the county, as built on the 1st (kept if the schedule built one already). */
async function seedLastMonthReport(month: string): Promise<void> {
  const db = new Client({ connectionString: requireEnv('MEDICAL_AID_DATABASE_URL') });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO monthly_report (county_code, month, totals, flagged) VALUES ($1, $2, $3::jsonb, '[]'::jsonb)
         ON CONFLICT (county_code, month) DO NOTHING`,
      [COUNTY, month, JSON.stringify(REPORT_TOTALS)],
    );
  } finally {
    await db.end();
  }
}

/** The month before this one in Asia/Shanghai, YYYY-MM. */
function lastMonth(): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The 12 months the dashboard asks for, oldest first, ending with last month. */
function twelveMonths(): string[] {
  const [y, m] = lastMonth().split('-').map(Number);
  return Array.from({ length: 12 }, (_, i) => {
    const index = y * 12 + (m - 1) - (11 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

// ── what the page must show, computed here from the APIs' answers ───────────────────────────────────────────────

type Figures = Record<string, Record<string, string>>;
const num = (n: number, lang: Lang) => new Intl.NumberFormat(lang).format(n);
const yuan = (fen: number, lang: Lang) =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 }).format(fen / 100);
const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/** A table's figures by row key and column, as the page shows them. */
function tableFigures(page: Page, testId: string): Promise<Figures> {
  return page
    .getByTestId(testId)
    .evaluate((table) =>
      Object.fromEntries(
        [...table.querySelectorAll('tr[data-key]')].map((tr) => [
          tr.getAttribute('data-key')!,
          Object.fromEntries(
            [...tr.querySelectorAll('[data-col]')].map((td) => [td.getAttribute('data-col')!, td.textContent!.trim()]),
          ),
        ]),
      ),
    );
}

/** A table's row headers by row key. */
function rowLabels(page: Page, testId: string): Promise<Record<string, string>> {
  return page
    .getByTestId(testId)
    .evaluate((table) =>
      Object.fromEntries(
        [...table.querySelectorAll('tbody tr[data-key]')].map((tr) => [
          tr.getAttribute('data-key')!,
          tr.querySelector('th')!.textContent!.trim(),
        ]),
      ),
    );
}

interface Counted {
  households: number;
  people: number;
  label: { 'zh-CN': string; en: string };
}
function countFigures<T extends Counted>(rows: T[], key: (r: T) => string, lang: Lang): Figures {
  const figures: Figures = {};
  for (const r of rows) figures[key(r)] = { households: num(r.households, lang), people: num(r.people, lang) };
  const total = (f: 'households' | 'people') =>
    num(
      rows.reduce((s, r) => s + r[f], 0),
      lang,
    );
  figures.total = { households: total('households'), people: total('people') };
  return figures;
}

async function expectRegisterFigures(page: Page, api: Identification, division: string, lang: Lang) {
  const stats = (await api.GET('/statistics/households', { params: { query: { division } } })).data!;
  const { area } = stats;
  expect(await tableFigures(page, 'dash-status-table')).toEqual(countFigures(area.byStatus, (r) => r.status, lang));
  expect(await rowLabels(page, 'dash-status-table')).toEqual(
    Object.fromEntries(area.byStatus.map((r) => [r.status, r.label[lang]])),
  );
  const cause = (r: { cause: string | null }) => r.cause ?? 'not_recorded';
  const category = (r: { category: string | null }) => r.category ?? 'not_recorded';
  expect(await tableFigures(page, 'dash-causes-table')).toEqual(countFigures(area.registeredByCause, cause, lang));
  expect(await tableFigures(page, 'dash-categories-table')).toEqual(
    countFigures(area.registeredByCategory, category, lang),
  );
  const registered = (a: typeof area) => a.byStatus.find((s) => s.status === 'registered')!;
  expect(await tableFigures(page, 'dash-children-table')).toEqual(
    Object.fromEntries(
      stats.children.map((c) => [
        c.code,
        {
          households: num(c.households, lang),
          people: num(c.people, lang),
          registered: num(registered(c).households, lang),
          registeredPeople: num(registered(c).people, lang),
        },
      ]),
    ),
  );
  return stats;
}

async function expectIncidenceFigures(page: Page, api: Identification, division: string, lang: Lang) {
  const report = (await api.GET('/incidence', { params: { query: { division } } })).data!;
  const missing = lang === 'en' ? 'not recorded' : '未录入';
  const yes = lang === 'en' ? ['yes', 'no'] : ['是', '否'];
  expect(await tableFigures(page, 'dash-incidence-table')).toEqual(
    Object.fromEntries(
      report.villages.map((v) => [
        v.code,
        {
          poor: num(v.poorNotExited, lang),
          rural: v.ruralPopulation === null ? missing : num(v.ruralPopulation, lang),
          incidence: v.incidence ? pct(v.incidence.bp) : '—',
          belowLine: v.mayExit ? yes[0] : yes[1],
        },
      ]),
    ),
  );
  await expect(page.getByTestId('dash-incidence-aggregate')).toContainText(report.aggregate.message[lang]);
  await expect(page.getByTestId('dash-incidence-aggregate')).toContainText(pct(report.thresholdBp));
  return report;
}

async function expectReviewFigures(page: Page, api: Identification, lang: Lang) {
  const list = (await api.GET('/reviews', { params: { query: { county: COUNTY } } })).data!;
  const panel = page.getByTestId('dash-review');
  if (list.reviews.length === 0) {
    await expect(panel).toContainText(lang === 'en' ? 'no annual review yet' : '尚未开展一年一评');
    return;
  }
  const review = (await api.GET('/reviews/{id}', { params: { path: { id: list.reviews[0].id } } })).data!;
  if (!('townships' in review)) {
    await expect(panel.getByTestId('dash-review-finished')).toContainText(String(review.incomeYear));
    return;
  }
  expect(await tableFigures(page, 'dash-review-table')).toEqual(
    Object.fromEntries(
      review.townships.map((s) => [
        s.townshipCode,
        {
          villages: num(s.villages, lang),
          done: num(s.done, lang),
          waiting: num(s.waiting, lang),
          overdue: num(s.overdue, lang),
        },
      ]),
    ),
  );
}

async function expectMedicalFigures(page: Page, baseURL: string, bearer: string, lang: Lang) {
  const medical = medicalAid(baseURL, bearer);
  const expected: Figures = {};
  let built = 0;
  for (const month of twelveMonths()) {
    const r = await medical.GET('/reports/monthly', { params: { query: { county: COUNTY, month } } });
    if (r.response.status === 404) {
      expected[month] = { notBuilt: lang === 'en' ? 'not built' : '未生成' };
      continue;
    }
    expect(r.response.status).toBe(200);
    const t = r.data!.totals;
    built++;
    expected[month] = {
      claims: num(t.claims, lang),
      basic: yuan(t.basic, lang),
      critical: yuan(t.critical, lang),
      assistance: yuan(t.assistance, lang),
      backstop: yuan(t.backstop, lang),
      patientPays: yuan(t.patientPays, lang),
    };
  }
  expect(built, 'last month was seeded').toBeGreaterThan(0);
  expect(await tableFigures(page, 'dash-medical-table')).toEqual(expected);
}

/** Every chart is a canvas of non-zero size with painted pixels: ECharts drew it (under the console's CSP). */
async function expectChartsDrawn(page: Page, count: number) {
  const charts = page.locator('.chart');
  await expect(charts).toHaveCount(count);
  for (const chart of await charts.all()) {
    await expect(chart).toHaveAttribute('role', 'img');
    const canvas = chart.locator('canvas');
    await expect(canvas).toHaveCount(1);
    const box = (await canvas.boundingBox())!;
    expect(box.width).toBeGreaterThan(100);
    expect(box.height).toBeGreaterThan(100);
    await expect
      .poll(() =>
        canvas.evaluate((c: HTMLCanvasElement) => {
          const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
          return painted;
        }),
      )
      .toBeGreaterThan(500);
  }
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: new RegExp(`登录: ${name}`) }).click();
  await expect(page.getByTestId('signed-in-user')).toContainText(name);
}

/** The dashboard's panels have answered (a table each, or the API's refusal). */
async function loaded(page: Page) {
  for (const id of ['dash-status', 'dash-incidence', 'dash-causes', 'dash-categories', 'dash-review', 'dash-medical'])
    await expect(page.getByTestId(id).locator('table, [role=alert], p.note, [data-testid]').first()).toBeVisible();
}

test.describe.serial('数据看板', () => {
  const cspViolations: string[] = [];

  test.beforeAll(async ({}, testInfo) => {
    const baseURL = testInfo.project.use.baseURL!;
    const approver = identification(baseURL, await devToken(baseURL, APPROVER.subject));
    const divisions = await approver.PUT('/divisions', {
      body: {
        countyCode: COUNTY,
        divisions: [
          { code: COUNTY, name: '隆回县' },
          { code: TOWNSHIP, name: '看板镇' },
          // A: a large population (below the line whatever earlier runs left); B: a small one (above it)
          { code: VILLAGE_A, name: '看板甲村', ruralPopulation: 100_000 },
          { code: VILLAGE_B, name: '看板乙村', ruralPopulation: 60 },
        ],
      },
    });
    expect(divisions.response.status, JSON.stringify(divisions.error)).toBe(200);
    const byStatus = new Map<string, string[]>();
    for (const seed of SEEDS) {
      const cadre = identification(
        baseURL,
        await token('village_cadre', seed.village, `browser-dashboard-${seed.village}`),
      );
      const id = await apply(cadre, seed);
      byStatus.set(seed.status, [...(byStatus.get(seed.status) ?? []), id]);
    }
    await putStatuses(byStatus);
    await seedLastMonthReport(lastMonth());
  });

  test('the county approver sees every figure the APIs answer, beside charts that are drawn', async ({
    page,
  }, testInfo) => {
    const baseURL = testInfo.project.use.baseURL!;
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await signIn(page, APPROVER.name);
    await page.getByRole('navigation').getByRole('link', { name: '数据看板' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1, name: '数据看板' })).toBeVisible();
    await loaded(page);
    const bearer = await devToken(baseURL, APPROVER.subject);
    const api = identification(baseURL, bearer);

    const stats = await expectRegisterFigures(page, api, COUNTY, 'zh-CN');
    // the seeded township is there, with its registered households by category
    expect(stats.children.find((c) => c.code === TOWNSHIP)).toMatchObject({ name: '看板镇' });
    expect(stats.area.registeredByCategory.find((c) => c.category === 'production')!.households).toBeGreaterThan(1);
    const incidence = await expectIncidenceFigures(page, api, COUNTY, 'zh-CN');
    expect(incidence.villages.find((v) => v.code === VILLAGE_A)?.mayExit).toBe(true);
    expect(incidence.villages.find((v) => v.code === VILLAGE_B)?.mayExit).toBe(false);
    await expectReviewFigures(page, api, 'zh-CN');
    await expectMedicalFigures(page, baseURL, bearer, 'zh-CN');
    const reviewCharts = await page.getByTestId('dash-review').locator('.chart').count();
    await expectChartsDrawn(page, 5 + reviewCharts);
    await expectControlsNamed(page, 'dashboard');

    // the figures again in English, each screenshot taken after its language's check
    await screenshotBoth(page, 'dashboard', async (lang) => {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'en' ? 'Dashboard' : '数据看板');
      await expectRegisterFigures(page, api, COUNTY, lang);
      await expectIncidenceFigures(page, api, COUNTY, lang);
      await expectMedicalFigures(page, baseURL, bearer, lang);
    });
    expect(cspViolations).toEqual([]);
  });

  test("the picker offers the county and its townships; a township's figures are its own", async ({
    page,
  }, testInfo) => {
    const baseURL = testInfo.project.use.baseURL!;
    const bearer = await devToken(baseURL, APPROVER.subject);
    const api = identification(baseURL, bearer);
    await signIn(page, APPROVER.name);
    await page.goto('/dashboard');
    const picker = page.getByLabel('区域');
    const county = (await api.GET('/statistics/households', { params: { query: { division: COUNTY } } })).data!;
    await expect
      .poll(() => picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)))
      .toEqual([COUNTY, ...county.children.map((c) => c.code)]);
    await picker.selectOption(TOWNSHIP);
    await expect(page).toHaveURL(new RegExp(`/dashboard\\?division=${TOWNSHIP}$`));
    await expect(picker).toHaveValue(TOWNSHIP);
    await loaded(page);
    const township = await expectRegisterFigures(page, api, TOWNSHIP, 'zh-CN');
    expect(township.children.map((c) => c.code)).toEqual(expect.arrayContaining([VILLAGE_A, VILLAGE_B]));
    const incidence = await expectIncidenceFigures(page, api, TOWNSHIP, 'zh-CN');
    expect(incidence.villages.every((v) => v.code.startsWith(TOWNSHIP))).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-township.zh-CN.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
  });

  test('a township reviewer sees their own township only, and the panels the APIs refuse them in words', async ({
    page,
  }, testInfo) => {
    const baseURL = testInfo.project.use.baseURL!;
    const bearer = await devToken(baseURL, REVIEWER.subject);
    await signIn(page, REVIEWER.name);
    // another township asked for in the address: the dashboard stays inside the jurisdiction
    await page.goto(`/dashboard?division=${TOWNSHIP}`);
    const picker = page.getByLabel('区域');
    await expect(picker).toHaveValue(REVIEWER.township);
    await expect(picker.locator('option')).toHaveCount(1);
    await loaded(page);
    await expectRegisterFigures(page, identification(baseURL, bearer), REVIEWER.township, 'zh-CN');
    // 医疗救助 reports are read by the county and the medical aid department: the API's refusal, in words
    const refused = await medicalAid(baseURL, bearer).GET('/reports/monthly', {
      params: { query: { county: COUNTY, month: lastMonth() } },
    });
    expect(refused.response.status).toBe(403);
    const message = (refused.error as { error: { message: { 'zh-CN': string } } }).error.message['zh-CN'];
    await expect(page.getByTestId('dash-medical').getByRole('alert')).toHaveText(message);
  });
});
