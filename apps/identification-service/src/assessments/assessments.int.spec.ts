// 第三方评估 against the real database: a reproducible sample (re-drawn from the stored frame and seed), the
// assessors' findings (validated against how each household was sampled, re-recording audited), the three rates,
// a county failing on exactly one rate with that rate named, and a county that passes.
import { randomUUID } from 'node:crypto';
import { SAMPLE_ALGORITHM, drawAssessmentSample } from '@fupin/exit-rules';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { householdsWithStatus } from '../testing/register';

jest.setTimeout(180_000);
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
const db = () => svc.service.runtime.db;

interface Sampled {
  householdId: string;
  group: 'inside' | 'outside';
  position: number;
  registerStatus: string;
  finding: { satisfied: boolean; missedIdentification?: boolean; wronglyExited?: boolean } | null;
}
interface Check {
  rate: string;
  ok: boolean;
  valueBp: number | null;
  count: number;
  of: number;
  message: { 'zh-CN': string; en: string };
}
interface Assessment {
  id: string;
  seed: string;
  algorithm: string;
  frameSha256: string;
  sample: Sampled[];
  progress: { recorded: number; size: number; complete: boolean };
  checks: Check[];
  incidence: { belowLine: boolean };
  mayExit: boolean;
  reasons: { rate: string; message: { 'zh-CN': string; en: string } }[];
  conclusion: { conclusion: string; rates: { rate: string; bound: string; limitBp: number }[] } | null;
}

/** A county with one township and village: 6 registered and 6 exited households inside, 6 applying and 6 refused outside. */
async function county(code: string): Promise<void> {
  const village = `${code}101201`;
  const approver = await testToken('county_approver', code);
  const loaded = await call('PUT', `${svc.url}/divisions`, {
    token: approver,
    body: {
      countyCode: code,
      divisions: [
        { code, name: '县' },
        { code: `${code}101`, name: '镇' },
        { code: village, name: '村', ruralPopulation: 2000 },
      ],
    },
  });
  expect(loaded.status).toBe(200);
  for (const status of ['registered', 'exited', 'applicant', 'refused'])
    await householdsWithStatus(svc.url, db(), village, 6, status);
}

async function draw(code: string, body: Record<string, unknown>, key = randomUUID()) {
  return call<{
    id: string;
    seed: string;
    sampled: { inside: number; outside: number };
    frame: { inside: number; outside: number; sha256: string };
    clamped: { inside: boolean; outside: boolean };
  }>('POST', `${svc.url}/county-assessments`, {
    token: await testToken('county_approver', code, { subject: 'approver-liu' }),
    body: { countyCode: code, year: 2020, ...body },
    headers: { 'Idempotency-Key': key },
  });
}

async function state(code: string, id: string): Promise<Assessment> {
  const r = await call<Assessment>('GET', `${svc.url}/county-assessments/${id}`, {
    token: await testToken('auditor', code),
  });
  expect(r.status).toBe(200);
  return r.body;
}

async function record(code: string, id: string, findings: unknown[], subject = 'assessor-chen') {
  return call<{ recorded: number; replaced: number; error?: { code: string; field?: string } }>(
    'POST',
    `${svc.url}/county-assessments/${id}/findings`,
    { token: await testToken('auditor', code, { subject }), body: { findings } },
  );
}

/** A finding that passes everything, for a sampled household. */
const good = (s: Sampled) => ({
  householdId: s.householdId,
  satisfied: true,
  ...(s.group === 'outside'
    ? { missedIdentification: false }
    : s.registerStatus === 'exited'
      ? { wronglyExited: false }
      : {}),
});

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  await county('430524');
  await county('430525');
});
afterAll(() => svc?.stop());

describe('third-party assessment (第三方评估)', () => {
  let failing: string;

  it('draws a reproducible sample: the stored frame, seed and algorithm give it again', async () => {
    const key = randomUUID();
    const drawn = await draw('430524', { insideSize: 8, outsideSize: 8, seed: '2020-县评估-公开摇号' }, key);
    expect(drawn.status).toBe(201);
    expect(drawn.body).toMatchObject({
      seed: '2020-县评估-公开摇号',
      sampled: { inside: 8, outside: 8 },
      frame: { inside: 12, outside: 12 },
      clamped: { inside: false, outside: false },
    });
    failing = drawn.body.id;
    // a retried request gets the same answer; another request for the county and year is refused
    const again = await draw('430524', { insideSize: 8, outsideSize: 8, seed: '2020-县评估-公开摇号' }, key);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(failing);
    expect((await draw('430524', { seed: 'other' })).status).toBe(409);

    const s = await state('430524', failing);
    expect(s.algorithm).toBe(SAMPLE_ALGORITHM);
    const frame = await call<{
      frame: { inside: string[]; outside: string[] };
      seed: string;
      insideSize: number;
      outsideSize: number;
      frameSha256: string;
    }>('GET', `${svc.url}/county-assessments/${failing}/frame`, { token: await testToken('auditor', '430524') });
    expect(frame.status).toBe(200);
    const redrawn = drawAssessmentSample({
      inside: frame.body.frame.inside,
      outside: frame.body.frame.outside,
      insideSize: 8,
      outsideSize: 8,
      seed: frame.body.seed,
    });
    expect(s.sample.filter((x) => x.group === 'inside').map((x) => x.householdId)).toEqual(redrawn.inside);
    expect(s.sample.filter((x) => x.group === 'outside').map((x) => x.householdId)).toEqual(redrawn.outside);
    // the frame is the register as it was: inside = registered or exited, outside = the others
    const statuses = await db().$queryRawUnsafe<{ id: string; status: string }[]>(
      `SELECT id::text, status FROM household WHERE village_code LIKE '430524%'`,
    );
    const inside = statuses
      .filter((h) => ['registered', 'exited'].includes(h.status))
      .map((h) => h.id)
      .sort();
    expect(frame.body.frame.inside).toEqual(inside);
    expect(s.sample.every((x) => (x.group === 'inside') === ['registered', 'exited'].includes(x.registerStatus))).toBe(
      true,
    );
    expect(s.progress).toEqual({ recorded: 0, size: 16, complete: false });
    expect(s.mayExit).toBe(false);
  });

  it('validates findings against the sample and who records them', async () => {
    const s = await state('430524', failing);
    const registered = s.sample.find((x) => x.registerStatus === 'registered')!;
    const outsider = s.sample.find((x) => x.group === 'outside')!;
    const notSampled = (
      await db().$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text FROM household WHERE village_code LIKE '430524%' AND id <> ALL($1::uuid[]) LIMIT 1`,
        s.sample.map((x) => x.householdId),
      )
    )[0].id;
    const cases: [unknown, string, string][] = [
      [{ householdId: notSampled, satisfied: true }, 'assessment.not_in_sample', 'findings.0.householdId'],
      [
        { householdId: registered.householdId, wronglyExited: true, satisfied: true },
        'assessment.finding_not_applicable',
        'findings.0.wronglyExited',
      ],
      [
        { householdId: outsider.householdId, satisfied: true },
        'assessment.finding_required',
        'findings.0.missedIdentification',
      ],
    ];
    for (const [finding, code, field] of cases) {
      const r = await record('430524', failing, [finding]);
      expect([r.status, r.body.error?.code, r.body.error?.field]).toEqual([400, code, field]);
    }
    const twice = await record('430524', failing, [good(outsider), good(outsider)]);
    expect(twice.body.error?.code).toBe('assessment.duplicate_finding');
    const byApprover = await call('POST', `${svc.url}/county-assessments/${failing}/findings`, {
      token: await testToken('county_approver', '430524'),
      body: { findings: [good(outsider)] },
    });
    expect(byApprover.status).toBe(403);
    expect((await record('430525', failing, [good(outsider)])).status).toBe(403);
    expect((await state('430524', failing)).progress.recorded).toBe(0);
  });

  it('a county failing on exactly one rate is blocked with that rate named', async () => {
    const s = await state('430524', failing);
    const outside = s.sample.filter((x) => x.group === 'outside');
    const concludeEarly = await call<{ error: { code: string } }>(
      'POST',
      `${svc.url}/county-assessments/${failing}/conclusion`,
      { token: await testToken('county_approver', '430524'), body: {} },
    );
    expect([concludeEarly.status, concludeEarly.body.error.code]).toEqual([409, 'assessment.findings_missing']);
    // one outside household should have been registered (漏评): 1 / 8 = 12.5 % > 2 %; a first finding re-recorded
    const first = await record('430524', failing, [{ ...good(outside[1]), satisfied: false }]);
    expect(first.body).toEqual({ recorded: 1, replaced: 0 });
    const all = s.sample.map((x) =>
      x.householdId === outside[0].householdId ? { ...good(x), missedIdentification: true } : good(x),
    );
    const recorded = await record('430524', failing, all);
    expect(recorded.body).toEqual({ recorded: 16, replaced: 1 });
    const audit = await db().$queryRawUnsafe<{ action: string; actor_subject: string }[]>(
      `SELECT action, actor_subject FROM audit_record WHERE subject_type = 'county_assessment' AND subject_id = $1 ORDER BY seq`,
      failing,
    );
    expect(audit.filter((a) => a.action === 'assessment.finding_replaced')).toEqual([
      { action: 'assessment.finding_replaced', actor_subject: 'assessor-chen' },
    ]);

    const after = await state('430524', failing);
    expect(after.progress).toEqual({ recorded: 16, size: 16, complete: true });
    expect(after.checks.map((c) => [c.rate, c.ok])).toEqual([
      ['wrong_exit', true],
      ['missed_identification', false],
      ['satisfaction', true],
    ]);
    expect(after.checks[1]).toMatchObject({ count: 1, of: 8, valueBp: 1250 });
    expect(after.incidence.belowLine).toBe(true);
    expect(after.mayExit).toBe(false);
    expect(after.reasons.map((r) => r.rate)).toEqual(['missed_identification']);
    expect(after.reasons[0].message['zh-CN']).toContain('漏评率');
    expect(after.reasons[0].message.en).toContain('missed-identification rate');

    const concluded = await call<{ conclusion: string; reasons: { rate: string }[] }>(
      'POST',
      `${svc.url}/county-assessments/${failing}/conclusion`,
      {
        token: await testToken('county_approver', '430524', { subject: 'approver-liu' }),
        body: { note: '漏评率超标，暂缓摘帽' },
      },
    );
    expect(concluded.status).toBe(201);
    expect(concluded.body.conclusion).toBe('exit_blocked');
    expect(concluded.body.reasons.map((r) => r.rate)).toEqual(['missed_identification']);
    expect((await state('430524', failing)).conclusion?.conclusion).toBe('exit_blocked');
    expect((await record('430524', failing, [good(outside[0])])).body.error?.code).toBe('assessment.concluded');
    const signed = await db().$queryRawUnsafe<{ action: string; actor_subject: string; reason: string }[]>(
      `SELECT action, actor_subject, reason FROM audit_record WHERE subject_id = $1 AND action LIKE 'assessment.exit_%'`,
      failing,
    );
    expect(signed).toEqual([
      { action: 'assessment.exit_blocked', actor_subject: 'approver-liu', reason: '漏评率超标，暂缓摘帽' },
    ]);
    const bounds = async () =>
      (await state('430524', failing)).conclusion?.rates.map((r) => [r.rate, r.bound, r.limitBp]);
    expect(await bounds()).toEqual([
      ['wrong_exit', 'below', 200],
      ['missed_identification', 'below', 200],
      ['satisfaction', 'above', 9000],
    ]);
    // a conclusion stored while the bounds were inclusive (max ≤ / min ≥) still answers, read as below / above
    await db().$executeRawUnsafe(
      `UPDATE county_assessment
          SET conclusion_reasons = jsonb_set(conclusion_reasons, '{rates}',
                (SELECT jsonb_agg(r || jsonb_build_object('bound', CASE r->>'bound' WHEN 'below' THEN 'max' ELSE 'min' END))
                   FROM jsonb_array_elements(conclusion_reasons->'rates') r))
        WHERE id = $1::uuid`,
      failing,
    );
    const [stored] = await db().$queryRawUnsafe<{ bounds: string[] }[]>(
      `SELECT array(SELECT r->>'bound' FROM jsonb_array_elements(conclusion_reasons->'rates') r) AS bounds
         FROM county_assessment WHERE id = $1::uuid`,
      failing,
    );
    expect(stored.bounds).toEqual(['max', 'max', 'min']);
    expect(await bounds()).toEqual([
      ['wrong_exit', 'below', 200],
      ['missed_identification', 'below', 200],
      ['satisfaction', 'above', 9000],
    ]);
  });

  it('a county passing all three rates with its incidence below the line may exit', async () => {
    const drawn = await draw('430525', { insideSize: 12, outsideSize: 12 });
    expect(drawn.status).toBe(201);
    expect(drawn.body.seed).toMatch(/^[0-9a-f-]{36}$/); // recorded when not given
    const s = await state('430525', drawn.body.id);
    expect(s.sample).toHaveLength(24);
    // every household judged right; satisfaction 23 / 24 = 95.8 %, above 90 %
    const findings = s.sample.map((x, i) => ({ ...good(x), satisfied: i !== 0 }));
    expect((await record('430525', drawn.body.id, findings)).status).toBe(201);
    const after = await state('430525', drawn.body.id);
    expect(after.checks.every((c) => c.ok)).toBe(true);
    expect(after.checks.find((c) => c.rate === 'wrong_exit')).toMatchObject({ count: 0, of: 6 });
    expect(after).toMatchObject({ mayExit: true, reasons: [] });
    const token = await testToken('county_approver', '430525');
    const concluded = await call<{ conclusion: string }>(
      'POST',
      `${svc.url}/county-assessments/${drawn.body.id}/conclusion`,
      { token, body: {} },
    );
    expect(concluded.body.conclusion).toBe('exit_allowed');
    const again = await call<{ error: { code: string } }>(
      'POST',
      `${svc.url}/county-assessments/${drawn.body.id}/conclusion`,
      { token, body: {} },
    );
    expect([again.status, again.body.error.code]).toEqual([409, 'assessment.concluded']);
  });
});
