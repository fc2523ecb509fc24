// A real village notice (村级公示) for the browser tests, made the way a county and a village make one: the county
// registers its divisions and imports a roster (花名册, with the heads' phones), the village opens an identification
// round, records each household's survey and signs the village steps; the round's workflow then opens the notice
// on notice-service (7 days: the default notice period). A village of its own in a county of its own per run.
import { randomInt, randomUUID } from 'node:crypto';
import { type ServiceName, serviceClient } from '@fupin/api-client';
import { residentIdCheckDigit } from '@fupin/identification-rules';
import { eventually, requireEnv, token } from './env';

export interface Head {
  name: string;
  idNumber: string;
  phone: string;
}

export interface PostedNotice {
  noticeId: string;
  roundId: string;
  county: string;
  township: string;
  village: string;
  /** The registered names of the county, township and village. */
  names: { county: string; township: string; village: string };
  heads: Head[];
}

const NAMES = { county: '青石县', township: '白沙镇', village: '柳树村' };
const HOUSEHOLDS = [
  { head: '赵德明', spouse: '李桂英', born: ['1962-03-14', '1964-05-09'], phone: '13907301234' },
  { head: '钱秀芳', spouse: '周建华', born: ['1968-07-21', '1966-01-30'], phone: '13807305678' },
  { head: '孙志强', spouse: '吴淑珍', born: ['1975-11-02', '1977-08-18'], phone: '13607309012' },
];
const ROSTER_COLUMNS = [
  'household_key',
  'village_code',
  'id_number',
  'name',
  'birth_date',
  'relation',
  'ethnicity',
  'education',
  'student_status',
  'health',
  'labour_ability',
  'basic_medical_insured',
  'pension_insured',
  'phone',
  'main_cause',
  'other_causes',
  'assistance_category',
] as const;
type RosterRow = Record<(typeof ROSTER_COLUMNS)[number], string>;

const portOf = (service: ServiceName) =>
  requireEnv(
    `${service
      .replace(/-service$/, '')
      .replace(/-/g, '_')
      .toUpperCase()}_PORT`,
  );
const identification = (token: string) =>
  serviceClient('identification-service', `http://127.0.0.1:${portOf('identification-service')}`, token);

function must<T>(what: string, r: { data?: T; error?: unknown; response: Response }): T {
  if (!r.response.ok || r.data === undefined)
    throw new Error(`${what}: ${r.response.status} ${JSON.stringify(r.error ?? r.data).slice(0, 800)}`);
  return r.data;
}

/** A county code of province 43 no other test uses, and a township and village in it. */
function randomVillage(): string {
  const county = `43${randomInt(10, 100)}${randomInt(60, 100)}`;
  return `${county}${randomInt(100, 1000)}${randomInt(200, 300)}`;
}

function residentId(county: string, birthDate: string, sex: 'male' | 'female'): string {
  const sequence = randomInt(0, 500) * 2 + (sex === 'male' ? 1 : 0);
  const first17 = `${county}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

function rosterRows(village: string): { rows: RosterRow[]; heads: Head[] } {
  const county = village.slice(0, 6);
  const run = randomUUID().slice(0, 8);
  const rows: RosterRow[] = [];
  const heads: Head[] = [];
  HOUSEHOLDS.forEach((h, i) => {
    const ids = [residentId(county, h.born[0], 'male'), residentId(county, h.born[1], 'female')];
    heads.push({ name: h.head, idNumber: ids[0], phone: h.phone });
    [h.head, h.spouse].forEach((name, m) =>
      rows.push({
        household_key: `browser-${run}-${i + 1}`,
        village_code: village,
        id_number: ids[m],
        name,
        birth_date: h.born[m],
        relation: m === 0 ? '户主' : '配偶',
        ethnicity: '汉族',
        education: '初中',
        student_status: '非在校生',
        health: m === 0 ? '长期慢性病' : '健康',
        labour_ability: '普通劳动力',
        basic_medical_insured: '是',
        pension_insured: '是',
        phone: m === 0 ? h.phone : '',
        main_cause: m === 0 ? '因病' : '',
        other_causes: '',
        assistance_category: m === 0 ? '发展生产脱贫一批' : '',
      }),
    );
  });
  return { rows, heads };
}

const csv = (rows: RosterRow[]) =>
  [ROSTER_COLUMNS.join(','), ...rows.map((r) => ROSTER_COLUMNS.map((c) => r[c]).join(','))].join('\r\n') + '\r\n';

/** The county's division register and roster: three applicant households with their heads' phones. */
async function importRoster(approver: string, village: string): Promise<Head[]> {
  const api = identification(approver);
  const county = village.slice(0, 6);
  must(
    'divisions',
    await api.PUT('/divisions', {
      body: {
        countyCode: county,
        divisions: [
          { code: county, name: NAMES.county },
          { code: village.slice(0, 9), name: NAMES.township },
          { code: village, name: NAMES.village },
        ],
      },
    }),
  );
  const { rows, heads } = rosterRows(village);
  const job = must(
    'roster import',
    await api.POST('/imports/roster', {
      params: { query: { fileName: 'browser-roster.csv' } },
      body: csv(rows) as never,
      headers: { 'Content-Type': 'text/csv' },
      bodySerializer: (b: unknown) => b as string,
    }),
  );
  const done = await eventually(
    async () => {
      const j = must('import job', await api.GET('/imports/{id}', { params: { path: { id: job.jobId } } }));
      return j.status === 'done' || j.status === 'failed' ? j : undefined;
    },
    60_000,
    250,
  );
  if (done.status !== 'done' || done.householdsOk !== HOUSEHOLDS.length)
    throw new Error(`roster import ended ${done.status}: ${JSON.stringify(done).slice(0, 800)}`);
  return heads;
}

/** The survey (六算: per-capita 2,000 yuan, below the line) and what the surveyor saw. */
async function survey(cadre: string, householdId: string): Promise<void> {
  const api = identification(cadre);
  const params = () => ({ path: { id: householdId }, header: { 'Idempotency-Key': randomUUID() } });
  must(
    'survey',
    await api.POST('/households/{id}/surveys', {
      params: params(),
      body: {
        incomeYear: 2020,
        farmingIncome: 0,
        livestockIncome: 0,
        wageIncome: 400_000,
        propertyIncome: 0,
        transferIncome: 0,
        businessNetIncome: 0,
        productionCosts: 0,
        livingExpenses: 300_000,
        illnessSpending: 0,
        studentCosts: 0,
      },
    }),
  );
  must(
    'observation',
    await api.POST('/households/{id}/observations', {
      params: params(),
      body: { housingGrade: 'B', drinkingWaterSafe: true },
    }),
  );
}

type Step = 'application' | 'household_survey' | 'village_group_assessment' | 'village_committee_assessment';

async function roundState(cadre: string, roundId: string) {
  return must('round state', await identification(cadre).GET('/rounds/{id}', { params: { path: { id: roundId } } }));
}

async function sign(cadre: string, roundId: string, householdIds: string[], step: Step, reason?: string) {
  await eventually(
    async () =>
      (await roundState(cadre, roundId)).households.filter(
        (h) => householdIds.includes(h.householdId) && h.step === step,
      ).length === householdIds.length,
    60_000,
    250,
  );
  must(
    `approve ${step}`,
    await identification(cadre).POST('/rounds/{id}/actions', {
      params: { path: { id: roundId } },
      body: { step, householdIds, action: 'approve', ...(reason ? { reason } : {}) },
    }),
  );
}

/** Post a village notice of three households through the identification round; resolves when it is open. */
export async function postVillageNotice(): Promise<PostedNotice> {
  const village = randomVillage();
  const county = village.slice(0, 6);
  const approver = await token('county_approver', county, 'browser-approver');
  const cadre = await token('village_cadre', village, 'browser-cadre');
  const heads = await importRoster(approver, village);
  const opened = must(
    'open round',
    await identification(cadre).POST('/rounds', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { villageCode: village, incomeYear: 2020 },
    }),
  );
  const householdIds = (
    await eventually(async () => {
      const s = await roundState(cadre, opened.roundId);
      return s.households.length === HOUSEHOLDS.length ? s : undefined;
    }, 30_000)
  ).households.map((h) => h.householdId);
  for (const id of householdIds) await survey(cadre, id);
  await sign(cadre, opened.roundId, householdIds, 'application');
  await sign(cadre, opened.roundId, householdIds, 'household_survey');
  await sign(cadre, opened.roundId, householdIds, 'village_group_assessment');
  await sign(cadre, opened.roundId, householdIds, 'village_committee_assessment', '村两委和驻村工作队评议通过');
  const notice = await eventually(
    async () => (await roundState(cadre, opened.roundId)).notices.find((n) => n.step === 'village_notice'),
    60_000,
    250,
  );
  return {
    noticeId: notice.noticeId,
    roundId: opened.roundId,
    county,
    township: village.slice(0, 9),
    village,
    names: NAMES,
    heads,
  };
}
