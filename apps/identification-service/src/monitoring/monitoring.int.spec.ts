// 防止返贫监测 on the real database: entry refused or accepted on the latest survey, a relapse putting the household
// back into identification with its event in the outbox, and risk clearing refused without months, labour or measures.
import { randomUUID } from 'node:crypto';
import { mayClearRisk } from '@fupin/exit-rules';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { householdInput } from '../testing/people';
import { claimSettledHandler } from './claim-settled.handler';
import {
  clearingFacts,
  enterMonitoring,
  loadMonitored,
  recheckHousehold,
  recordMeasure,
  recordRelapse,
  type EntryResult,
} from './monitoring.repository';

jest.setTimeout(90_000);

const village = `4305231012${String(Math.floor(Math.random() * 90) + 10)}`;
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let cadre: string;
const db = () => svc.service.runtime.db;
const actor = { subject: 'cadre-zhao', role: 'village_cadre', jurisdiction: village };
// income year 2020: poverty line 4,000 yuan, monitoring line 6,000 yuan per person
const YEAR = 2020;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  cadre = await testToken('village_cadre', village, { subject: 'cadre-zhao' });
});
afterAll(() => svc?.stop());

/** A household of three with a survey at `perCapitaYuan` (wage income only) and the given register status. */
async function household(status: string, perCapitaYuan: number | null, labour?: 'normal' | 'lost'): Promise<string> {
  const input = householdInput(village, 3);
  const members = input.members.map((m) => ({ ...m, ...(labour ? { labourAbility: labour } : {}) }));
  const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: { ...input, members },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  if (perCapitaYuan !== null) await survey(id, perCapitaYuan);
  await db().$executeRawUnsafe(`UPDATE household SET status = $2 WHERE id = $1::uuid`, id, status);
  return id;
}

async function survey(id: string, perCapitaYuan: number, illnessYuan = 0) {
  const r = await call('POST', `${svc.url}/households/${id}/surveys`, {
    token: cadre,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      incomeYear: YEAR,
      farmingIncome: 0,
      livestockIncome: 0,
      wageIncome: perCapitaYuan * 300,
      propertyIncome: 0,
      transferIncome: 0,
      businessNetIncome: 0,
      productionCosts: 0,
      livingExpenses: 0,
      illnessSpending: illnessYuan * 100,
      studentCosts: 0,
    },
  });
  expect(r.status).toBe(201);
}

const enter = (householdId: string, categories?: ('edge' | 'sudden_hardship' | 'unstable_exited')[]) =>
  enterMonitoring(db(), { householdId, ...(categories ? { categories } : {}) }, actor, randomUUID(), []);

describe('entry into monitoring (纳入监测)', () => {
  it('refuses a registered household (already assisted), one in identification, and one without a survey', async () => {
    await expect(enter(await household('registered', 5000))).rejects.toMatchObject({
      status: 409,
      code: 'monitoring.registered',
    });
    await expect(enter(await household('in_procedure', 5000))).rejects.toMatchObject({
      status: 409,
      code: 'monitoring.in_identification',
    });
    await expect(enter(await household('exited', null))).rejects.toMatchObject({
      status: 409,
      code: 'monitoring.no_survey',
    });
  });

  it('refuses with the reasons an exited household above the monitoring line, and a refused household not named edge', async () => {
    const above = await household('exited', 6000); // exactly at the monitoring line is not below it
    await expect(enter(above)).rejects.toMatchObject({
      status: 409,
      code: 'monitoring.not_qualified',
      text: { en: expect.stringContaining('not below the monitoring line (6000.00 yuan)') },
    });
    const ordinary = await household('refused', 5000);
    await expect(enter(ordinary)).rejects.toMatchObject({
      code: 'monitoring.not_qualified',
      text: { en: expect.stringContaining('neither exited') },
    });
    // the same household named an edge household by the cadre is monitored
    const edge = await enter(ordinary, ['edge']);
    expect((edge.body as EntryResult).categories).toEqual(['edge']);
    await expect(enter(await household('exited', 5000), ['edge'])).rejects.toMatchObject({
      status: 400,
      code: 'monitoring.invalid_category',
    });
  });

  it('refuses over HTTP too, with the bilingual reasons', async () => {
    const above = await household('exited', 9000);
    const r = await call<{ error: { code: string; message: { 'zh-CN': string; en: string } } }>(
      'POST',
      `${svc.url}/monitoring`,
      { token: cadre, body: { householdId: above }, headers: { 'Idempotency-Key': randomUUID() } },
    );
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('monitoring.not_qualified');
    expect(r.body.error.message['zh-CN']).toContain('不低于监测线');
    const outsider = await testToken('village_cadre', '430524101201');
    expect(
      (
        await call('POST', `${svc.url}/monitoring`, {
          token: outsider,
          body: { householdId: above },
          headers: { 'Idempotency-Key': randomUUID() },
        })
      ).status,
    ).toBe(403);
  });

  it('monitors an exited household below the monitoring line (脱贫不稳定户), records the entry check, once', async () => {
    const id = await household('exited', 5000);
    const key = randomUUID();
    const first = await enterMonitoring(db(), { householdId: id }, actor, key, []);
    const entry = first.body as EntryResult;
    expect(first.status).toBe(201);
    expect(entry).toMatchObject({
      householdId: id,
      categories: ['unstable_exited'],
      triggers: ['income_below_monitoring_line'],
      belowPovertyLine: false,
      workflowId: `relapse-monitoring:${id}`,
    });
    expect((await enterMonitoring(db(), { householdId: id }, actor, key, [])).replayed).toBe(true);
    await expect(enter(id)).rejects.toMatchObject({ status: 409, code: 'monitoring.already_monitored' });
    const checks = await db().$queryRawUnsafe<
      {
        reason: string;
        outcome: string;
        per_capita_fen: string;
        monitoring_line_fen: string;
        poverty_line_fen: string;
      }[]
    >(
      `SELECT reason, outcome, per_capita_fen::text, monitoring_line_fen::text, poverty_line_fen::text FROM monitoring_check WHERE monitoring_id = $1::uuid`,
      entry.monitoringId,
    );
    expect(checks).toEqual([
      {
        reason: 'entry',
        outcome: 'at_risk',
        per_capita_fen: '500000',
        monitoring_line_fen: '600000',
        poverty_line_fen: '400000',
      },
    ]);
  });
});

describe('relapse (返贫)', () => {
  it('a re-check below the poverty line relapses the household: applicant again, audit, household.relapsed in the outbox', async () => {
    const id = await household('exited', 5000);
    const entry = (await enter(id)).body as EntryResult;
    // still above the poverty line: at risk, nothing more
    const atRisk = await recheckHousehold(
      db(),
      [],
      { monitoringId: entry.monitoringId, householdId: id, reason: 'schedule' },
      randomUUID(),
    );
    expect(atRisk).toMatchObject({ outcome: 'at_risk', perCapitaFen: 500_000 });
    // a disaster: the new survey is below the line
    await survey(id, 3500);
    const key = randomUUID();
    const check = await recheckHousehold(
      db(),
      [],
      { monitoringId: entry.monitoringId, householdId: id, reason: 'disaster', detail: '洪灾 flood' },
      key,
    );
    expect(check).toMatchObject({
      outcome: 'relapsed',
      reason: 'disaster',
      incomeYear: YEAR,
      perCapitaFen: 350_000,
      povertyLineFen: 400_000,
    });
    // a retried activity returns the same check, not a second one
    expect(
      await recheckHousehold(
        db(),
        [],
        { monitoringId: entry.monitoringId, householdId: id, reason: 'disaster', detail: '洪灾 flood' },
        key,
      ),
    ).toEqual(check);

    const relapseKey = randomUUID();
    await recordRelapse(db(), { monitoringId: entry.monitoringId, householdId: id, check }, relapseKey);
    await recordRelapse(db(), { monitoringId: entry.monitoringId, householdId: id, check }, relapseKey);
    const h = await db().$queryRawUnsafe<{ status: string }[]>(`SELECT status FROM household WHERE id = $1::uuid`, id);
    expect(h[0].status).toBe('applicant');
    expect(await loadMonitored(db(), { id: entry.monitoringId })).toMatchObject({
      status: 'relapsed',
      relapsed_at: expect.any(Date),
    });
    const events = await db().$queryRawUnsafe<
      { type: string; topic: string; envelope: { payload: Record<string, unknown> } }[]
    >(`SELECT type, topic, envelope FROM outbox_event WHERE aggregate_id = $1 AND type = 'household.relapsed'`, id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      topic: 'identification.household',
      envelope: {
        payload: {
          householdId: id,
          villageCode: village,
          perCapitaFen: 350_000,
          povertyLineFen: 400_000,
          trigger: 'disaster',
          incomeYear: YEAR,
        },
      },
    });
    const audit = await db().$queryRawUnsafe<{ action: string }[]>(
      `SELECT action FROM audit_record WHERE subject_id = $1 ORDER BY seq`,
      id,
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['monitoring.entered', 'monitoring.checked', 'household.relapsed']),
    );
    // a village cadre's identification round now takes it as an applicant
    const round = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM household WHERE village_code = $1 AND status IN ('applicant', 'refused', 'withdrawn') AND id = $2::uuid`,
      village,
      id,
    );
    expect(round[0].n).toBe(1);
  });
});

describe('risk clearing (风险消除) conditions', () => {
  it('refuses without stable months, labour and a measure, each named; passes once all three hold', async () => {
    const id = await household('exited', 5000, 'lost');
    const entry = (await enter(id)).body as EntryResult;
    const facts = await clearingFacts(db(), { monitoringId: entry.monitoringId, householdId: id }, null);
    expect(facts).toEqual({ monthsStableAboveMonitoringLine: 0, hasLabour: false, measuresApplied: 0 });
    expect(mayClearRisk(facts).failed.map((f) => f.condition)).toEqual(['stable_months', 'labour', 'measures']);

    // seven months of stable re-checks (back-dated), a member able to work, one measure
    await survey(id, 7000);
    for (const monthsAgo of [7, 4, 1]) {
      await db().$executeRawUnsafe(
        `INSERT INTO monitoring_check (id, monitoring_id, household_id, checked_at, reason, income_year, per_capita_fen, monitoring_line_fen, poverty_line_fen, outcome)
         VALUES ($1::uuid, $2::uuid, $3::uuid, now() - make_interval(months => $4), 'schedule', ${YEAR}, 700000, 600000, 400000, 'stable')`,
        randomUUID(),
        entry.monitoringId,
        id,
        monthsAgo,
      );
    }
    const months = await clearingFacts(db(), { monitoringId: entry.monitoringId, householdId: id }, null);
    // the entry check (at risk) is the latest unstable one; the back-dated checks before it do not count
    expect(months.monthsStableAboveMonitoringLine).toBe(0);
    await db().$executeRawUnsafe(
      `UPDATE monitoring_check SET checked_at = now() - interval '8 months' WHERE monitoring_id = $1::uuid AND reason = 'entry'`,
      entry.monitoringId,
    );
    const stable = await clearingFacts(db(), { monitoringId: entry.monitoringId, householdId: id }, null);
    expect(stable.monthsStableAboveMonitoringLine).toBe(7);
    expect(mayClearRisk(stable).failed.map((f) => f.condition)).toEqual(['labour', 'measures']);

    await db().$executeRawUnsafe(
      `UPDATE person SET labour_ability = 'normal' WHERE household_id = $1::uuid AND relation = '户主'`,
      id,
    );
    const measure = {
      measureId: randomUUID(),
      kind: 'employment' as const,
      description: '公益性岗位 public-welfare job',
      department: null,
      assignedBy: 'cadre-zhao',
      assignedAt: new Date().toISOString(),
    };
    await recordMeasure(db(), {
      monitoringId: entry.monitoringId,
      householdId: id,
      measure,
      signer: { subject: 'cadre-zhao', role: 'village_cadre', jurisdiction: village },
    });
    await recordMeasure(db(), {
      monitoringId: entry.monitoringId,
      householdId: id,
      measure,
      signer: { subject: 'cadre-zhao', role: 'village_cadre', jurisdiction: village },
    });
    const ready = await clearingFacts(db(), { monitoringId: entry.monitoringId, householdId: id }, null);
    expect(ready).toEqual({ monthsStableAboveMonitoringLine: 7, hasLabour: true, measuresApplied: 1 });
    expect(mayClearRisk(ready).ok).toBe(true);
    expect(mayClearRisk({ ...ready, minStableMonths: 8 }).failed.map((f) => f.condition)).toEqual(['stable_months']);
  });
});

describe('large medical claims (claim.settled) wake the household monitoring', () => {
  it("signals the monitored patient's household for a large patient share only", async () => {
    const id = await household('exited', 5000);
    const entered = await call<EntryResult>('POST', `${svc.url}/monitoring`, {
      token: cadre,
      body: { householdId: id },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(entered.status).toBe(201);
    const [patient] = await db().$queryRawUnsafe<{ id_number: string }[]>(
      `SELECT id_number FROM person WHERE household_id = $1::uuid LIMIT 1`,
      id,
    );
    const runtime = svc.service.runtime;
    const handle = runtime.temporal.workflow.getHandle(entered.body.workflowId);
    try {
      const claim = (patientPays: number, idNumber = patient.id_number) => ({
        id: randomUUID(),
        type: 'claim.settled',
        version: 1,
        aggregateId: randomUUID(),
        occurredAt: new Date().toISOString(),
        actor: { subject: 'system', role: 'system', jurisdiction: 'system' },
        payload: {
          claimId: randomUUID(),
          idNumber,
          countyCode: village.slice(0, 6),
          policyId: randomUUID(),
          registeredPoor: false,
          basic: 2_000_000,
          critical: 0,
          assistance: 0,
          backstop: 0,
          patientPays,
          review: false,
        },
      });
      const handler = claimSettledHandler(runtime);
      await handler(claim(999_999) as never, db());
      await handler(claim(5_000_000, '430523199001011234') as never, db()); // nobody monitored
      await handler(claim(1_200_000) as never, db());
      const signals: unknown[] = [];
      for await (const e of (await handle.fetchHistory()).events ?? [])
        if (e.workflowExecutionSignaledEventAttributes) signals.push(e.workflowExecutionSignaledEventAttributes);
      expect(signals).toHaveLength(1);
      expect(JSON.stringify(signals[0])).toContain('riskEvent');
    } finally {
      await handle.terminate('integration test: no worker runs it');
    }
  });
});
