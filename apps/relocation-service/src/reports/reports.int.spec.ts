// The relocation report against the real database: every figure derived from the cases (a household counted once,
// withdrawn cases apart), per county, township, village, site and mode, as JSON and as CSV.
import { relocationDb } from '../db';
import { PaymentRepository } from '../payments/payment.repository';
import { PaymentService } from '../payments/payment.service';
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@fupin/contracts';
import { call, pgTransactionalClient, withSuperuser } from '@fupin/testing';
import { householdUpdatedHandler } from '../households/household-registered.handler';
import {
  COUNTY,
  OTHER_COUNTY,
  type RelocationTestService,
  cadre,
  freshVillage,
  registerHousehold,
  officer,
  openCase,
  plan,
  registerSite,
  startRelocation,
} from '../test-support';

jest.setTimeout(90_000);

let svc: RelocationTestService;
beforeAll(async () => {
  svc = await startRelocation();
});
afterAll(async () => {
  await svc?.stop();
});

interface Row {
  level: string;
  key: string;
  households: number;
  people: number;
  homes: number;
  areaM2: number;
  subsidyPlannedFen: number;
  subsidyPaidFen: number;
  movedIn: number;
  withdrawn: number;
}

it('derives the figures from the cases: households once, people, homes, area, subsidy planned and paid', async () => {
  const site = await registerSite(svc, { capacityHomes: 10 });
  const a = await openCase(svc, 3);
  const b = await openCase(svc, 2);
  const w = await openCase(svc, 4);
  await plan(svc, a.token, a.caseId, { mode: 'nearby', siteCode: site, areaM2: 75 });
  await plan(svc, b.token, b.caseId, { mode: 'monetary' });
  await plan(svc, w.token, w.caseId, { mode: 'nearby', siteCode: site, areaM2: 80 });
  await call('POST', `${svc.url}/cases/${w.caseId}/withdraw`, { token: w.token, body: { reason: '不愿搬迁' } });
  // paid as the case workflow's payTranche activity pays it
  const payments = new PaymentService(new PaymentRepository(relocationDb(svc.service.runtime)));
  const system = { subject: 'system:relocation-case', role: 'system', jurisdiction: 'system' };
  const paid = await payments.pay({
    caseId: a.caseId,
    milestone: 'foundation',
    paymentRef: `PAY-${a.caseId}`,
    actor: system,
  });
  expect(paid.paid).toBe(true);
  await withSuperuser(svc.db.url, (x) =>
    x.query(`UPDATE relocation_case SET status = 'moved_in', moved_in_on = '2026-10-01' WHERE id = $1`, [a.caseId]),
  );

  const r = await call<{ rows: Row[] }>('GET', `${svc.url}/reports/relocation?division=${COUNTY}`, {
    token: await officer(),
  });
  expect(r.status).toBe(200);
  const row = (level: string, key: string) => r.body.rows.find((x) => x.level === level && x.key === key);
  expect(row('total', COUNTY)).toMatchObject({
    households: 2,
    people: 5,
    homes: 1,
    areaM2: 75,
    subsidyPlannedFen: 6_000_000 + 6_000_000,
    subsidyPaidFen: 1_800_000,
    movedIn: 1,
    withdrawn: 1,
  });
  expect(row('county', COUNTY)).toMatchObject({ households: 2, people: 5 });
  expect(row('village', a.village)).toMatchObject({ households: 1, people: 3, homes: 1, movedIn: 1 });
  expect(row('village', w.village)).toMatchObject({ households: 0, withdrawn: 1 });
  expect(row('township', a.village.slice(0, 9))).toMatchObject({ households: 1 });
  expect(row('site', site)).toMatchObject({ households: 1, homes: 1, areaM2: 75, withdrawn: 1 });
  expect(row('site', 'none')).toMatchObject({ households: 1, people: 2 });
  expect(row('mode', 'monetary')).toMatchObject({ households: 1, subsidyPlannedFen: 6_000_000 });
  expect(r.body.rows[0].level).toBe('total');

  const csv = await call<string>('GET', `${svc.url}/reports/relocation?division=${COUNTY}&format=csv`, {
    token: await officer(),
  });
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  const lines = csv.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe(
    'level,key,households,people,homes,areaM2,subsidyPlannedFen,subsidyPaidFen,movedIn,reclaimed,withFollowUp,withdrawn',
  );
  expect(lines[1]).toBe(`total,${COUNTY},2,5,1,75,12000000,1800000,1,0,0,1`);
  expect(lines).toHaveLength(r.body.rows.length + 1);
});

it('answers an empty division with its zero total, and refuses another county (403) and a bad division (400)', async () => {
  const empty = await call<{ rows: Row[] }>('GET', `${svc.url}/reports/relocation?division=${OTHER_COUNTY}101`, {
    token: await officer(OTHER_COUNTY),
  });
  expect(empty.status).toBe(200);
  expect(empty.body.rows).toEqual([
    expect.objectContaining({ level: 'total', key: `${OTHER_COUNTY}101`, households: 0, subsidyPlannedFen: 0 }),
  ]);
  const foreign = await call('GET', `${svc.url}/reports/relocation?division=${COUNTY}`, {
    token: await officer(OTHER_COUNTY),
  });
  expect(foreign.status).toBe(403);
  expect((await call('GET', `${svc.url}/reports/relocation?division=4305`, { token: await officer() })).status).toBe(
    403,
  );
  expect((await call('GET', `${svc.url}/reports/relocation?division=43x`, { token: await officer() })).status).toBe(
    400,
  );
});

it('derives the renovation figures from the renovation cases: grades when opened and after, per division and year', async () => {
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const village = freshVillage();
  /** A registered household whose house the latest observation grades `grade`, applying for renovation. */
  const renovation = async (grade: 'C' | 'D', plannedYear: number) => {
    const householdId = await registerHousehold(svc, village, 3);
    const db = pgTransactionalClient(svc.db.url);
    try {
      const event = {
        occurredAt: new Date().toISOString(),
        payload: { householdId, changes: { housingGrade: grade } },
      };
      await db.$transaction((tx) =>
        householdUpdatedHandler(svc.service.runtime)(event as unknown as EventEnvelope<unknown>, tx),
      );
    } finally {
      await db.$disconnect();
    }
    const applied = await call<{ id: string }>('POST', `${svc.url}/renovations`, {
      token: await cadre(village),
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        householdId,
        plannedYear,
        application: { signedBy: '王建国', signedOn: '2026-03-01', documentRef: 'WG-1' },
      },
    });
    expect(applied.status).toBe(201);
    return applied.body.id;
  };
  const done = await renovation('D', year);
  await renovation('C', year);
  await renovation('C', year + 1);
  await withSuperuser(svc.db.url, (x) => x.query(`UPDATE relocation_case SET new_grade = 'A' WHERE id = $1`, [done]));

  const r = await call<{ rows: Record<string, number | string>[] }>(
    'GET',
    `${svc.url}/reports/renovation?division=${village}`,
    { token: await officer() },
  );
  expect(r.status).toBe(200);
  const row = (level: string, key: string) => r.body.rows.find((x) => x.level === level && x.key === key);
  expect(row('total', village)).toMatchObject({ households: 3, gradeC: 2, gradeD: 1, renovated: 1, nowGradeA: 1 });
  expect(row('village', village)).toMatchObject({ households: 3 });
  expect(row('year', String(year))).toMatchObject({ households: 2, gradeD: 1 });
  expect(row('year', String(year + 1))).toMatchObject({ households: 1, gradeC: 1, renovated: 0 });
  const csv = await fetch(`${svc.url}/reports/renovation?division=${village}&format=csv`, {
    headers: { Authorization: `Bearer ${await officer()}` },
  });
  expect((await csv.text()).replace('\uFEFF', '').split('\r\n')[0]).toBe(
    'level,key,households,gradeC,gradeD,renovated,nowGradeA,nowGradeB,subsidyPlannedFen,subsidyPaidFen,withdrawn',
  );
});
