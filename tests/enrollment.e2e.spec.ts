// The foundation's proof, end to end on the real stack (PostgreSQL, Kafka, Temporal, built services):
// a household registered in identification-service (through its identification round) → outbox → Kafka →
// medical-aid-service consumes it
// (idempotently) → a Temporal enrollment workflow waits for a county medical officer's decision and
// expires otherwise → both services' audit chains verify. Plus the platform's refusals on every service:
// forged, expired or missing tokens (401), wrong role or jurisdiction (403), bad input (4xx by field).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateKey } from '@fupin/auth';
import { eventually } from '@fupin/testing';
import { clientFor } from './support/clients';
import { household, randomVillage } from './support/people';
import { SERVICES, call, startPlatform, token, type RunningPlatform } from './support/platform';
import { completeSurvey, registerThroughRound } from './support/procedure';
import { COMMANDS_WITHOUT_INPUT, documentFile, documentText } from '@fupin/api-client/documents';

/** Writes that take nothing but their path: a proposal whose whole content is who signs it and when. */
interface DocumentedOperation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: unknown; $ref?: string }>;
}

jest.setTimeout(240_000);

const DECISION_TIMEOUT_S = 8;

let platform: RunningPlatform;
const village = randomVillage();
const township = village.slice(0, 9);
const county = village.slice(0, 6);
const otherCounty = county === '430101' ? '430102' : '430101';

beforeAll(async () => {
  platform = await startPlatform({
    ENROLLMENT_DECISION_TIMEOUT: `${DECISION_TIMEOUT_S}s`,
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: '2',
  });
});

afterAll(async () => {
  await platform?.stop();
});

interface ErrorBody {
  error: { code: string; field?: string; message: { 'zh-CN': string; en: string }; requestId: string };
}

describe('every service refuses callers it should not serve', () => {
  let forgedKeyFile: string;
  beforeAll(async () => {
    forgedKeyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'forged-')), 'key.json');
    await loadOrCreateKey(forgedKeyFile); // a key pair the issuer never published
  });

  it.each(SERVICES)(
    '%s: 401 without a token, with a forged one, with an expired one; 200 with a valid one',
    async (service) => {
      // raw: /me is not in the OpenAPI documents, and these calls send missing, forged or expired tokens on purpose
      const me = `${platform.url(service)}/me`;
      const none = await call<ErrorBody>('GET', me);
      expect(none.status).toBe(401);
      expect(none.body.error.message.en).toBeTruthy();
      expect(none.body.error.message['zh-CN']).toBeTruthy();
      expect(none.headers.get('x-request-id')).toBe(none.body.error.requestId);

      const forged = await call<ErrorBody>('GET', me, {
        token: await token('county_approver', county, { keyFile: forgedKeyFile }),
      });
      expect(forged.status).toBe(401);

      const expired = await call<ErrorBody>('GET', me, {
        token: await token('county_approver', county, { expiresIn: -60 }),
      });
      expect(expired.status).toBe(401);

      const garbage = await call<ErrorBody>('GET', me, { token: 'not.a.jwt' });
      expect(garbage.status).toBe(401);

      const ok = await call('GET', me, { token: await token('county_approver', county) });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ service, role: 'county_approver', jurisdiction: county });
    },
  );

  it.each(SERVICES)(
    "%s: 403 for a division outside the caller's jurisdiction and for a role without the right",
    async (service) => {
      // raw: the audit trail is not in the services' OpenAPI documents
      const auditor = await token('auditor', county);
      const inside = await call('GET', `${platform.url(service)}/audit/records?division=${village}`, {
        token: auditor,
      });
      expect(inside.status).toBe(200);
      const outside = await call<ErrorBody>('GET', `${platform.url(service)}/audit/records?division=${otherCounty}`, {
        token: auditor,
      });
      expect(outside.status).toBe(403);
      expect(outside.body.error).toMatchObject({ code: 'auth.out_of_jurisdiction', field: 'division' });
      const cadre = await call<ErrorBody>('GET', `${platform.url(service)}/audit/verify`, {
        token: await token('village_cadre', village),
      });
      expect(cadre.status).toBe(403);
    },
  );

  it('every service is ready, serves its OpenAPI document, and Prometheus metrics on a port of their own', async () => {
    // raw: health, the OpenAPI document itself and /metrics are not operations of the documents
    for (const service of SERVICES) {
      const ready = await call('GET', `${platform.url(service)}/health/ready`);
      expect(ready.status).toBe(200);
      const docs = await call<{ openapi: string; paths: Record<string, Record<string, DocumentedOperation>> }>(
        'GET',
        `${platform.url(service)}/docs-json`,
      );
      expect(docs.status).toBe(200);
      expect(docs.body.openapi).toMatch(/^3\./);
      // the typed client (libs/api-client) was generated from exactly this document (else: npm run api-client)
      expect({
        service,
        committedDocumentIsServed: fs.readFileSync(documentFile(service), 'utf8') === documentText(docs.body),
      }).toEqual({ service, committedDocumentIsServed: true });
      // contracts once: every write documents the schema of what to send, every operation its refusals' shape
      const writes = Object.entries(docs.body.paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([m]) => ['post', 'put', 'patch'].includes(m))
          .map(([m, op]) => ({ at: `${m} ${path}`, op })),
      );
      const undocumentedBodies = writes.filter(
        ({ at, op }) =>
          !COMMANDS_WITHOUT_INPUT.includes(at) && !Object.values(op.requestBody?.content ?? {}).some((c) => c.schema),
      );
      expect({ service, undocumentedBodies: undocumentedBodies.map((w) => w.at) }).toEqual({
        service,
        undocumentedBodies: [],
      });
      const refusals = Object.entries(docs.body.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([m, op]) => ({ at: `${m} ${path}`, op })),
      );
      expect({
        service,
        withoutErrorShape: refusals
          .filter(
            ({ op }) =>
              !Object.entries(op.responses).some(([status, r]) => Number(status) >= 400 && (r.content || r.$ref)),
          )
          .map((w) => w.at),
      }).toEqual({ service, withoutErrorShape: [] });
      const metrics = await fetch(platform.metricsUrl(service)).then((r) => r.text());
      expect(metrics).toContain('http_requests_total');
      // not on the API port, which the public reaches
      expect((await call('GET', `${platform.url(service)}/metrics`)).status).toBe(404);
    }
  });
});

describe('household registration → Kafka → medical-aid enrollment workflow', () => {
  const identification = (tokenValue: string) => clientFor('identification-service', tokenValue);
  const medicalAid = (tokenValue: string) => clientFor('medical-aid-service', tokenValue);
  const apply = (tokenValue: string, body: ReturnType<typeof household>, key = randomUUID()) =>
    identification(tokenValue).POST('/households', { params: { header: { 'Idempotency-Key': key } }, body });
  const enrollment = (tokenValue: string, householdId: string) =>
    medicalAid(tokenValue).GET('/enrollments/{householdId}', { params: { path: { householdId } } });
  const decide = (tokenValue: string, householdId: string, outcome: 'approved' | 'rejected', reason: string) =>
    medicalAid(tokenValue).POST('/enrollments/{householdId}/decision', {
      params: { path: { householdId } },
      body: { outcome, reason },
    });

  it('refuses bad input by field and in both languages, writing nothing', async () => {
    const cadre = await token('village_cadre', village);
    const bad = household(village, 2);
    bad.members[1].idNumber =
      bad.members[1].idNumber.slice(0, 17) + (bad.members[1].idNumber.endsWith('0') ? '1' : '0');
    const invalid = await apply(cadre, bad);
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.error.field).toBe('members.1.idNumber');

    const households = `${platform.url('identification-service')}/households`;
    // raw: no Idempotency-Key (the document requires one)
    const noKey = await call<ErrorBody>('POST', households, {
      token: cadre,
      body: household(village),
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.field).toBe('Idempotency-Key');

    // raw: a form body where the document takes JSON
    const wrongType = await call<ErrorBody>('POST', households, {
      token: cadre,
      raw: 'villageCode=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': randomUUID() },
    });
    expect(wrongType.status).toBe(415);

    // raw: an oversized body with a field the document does not have
    const huge = await call<ErrorBody>('POST', households, {
      token: cadre,
      raw: JSON.stringify({ villageCode: village, members: [], pad: 'x'.repeat(2_000_000) }),
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    });
    expect(huge.status).toBe(413);

    const elsewhere = await apply(cadre, household(`${otherCounty}101201`));
    expect(elsewhere.response.status).toBe(403);
    expect(elsewhere.error?.error.code).toBe('auth.out_of_jurisdiction');
  });

  it('records an application once, replays the same answer, refuses a duplicate person; once registered, an officer approves its enrollment', async () => {
    const cadre = await token('village_cadre', village, { subject: 'cadre-zhang' });
    const input = household(village, 3);
    const key = randomUUID();
    const created = await apply(cadre, input, key);
    expect(created.response.status).toBe(201);
    const householdId = created.data!.id;
    expect(created.data).toMatchObject({ memberCount: 3, status: 'applicant' });

    const replay = await apply(cadre, input, key);
    expect(replay.response.status).toBe(200);
    expect(replay.data?.id).toBe(householdId);

    // Reading it: the township above the village may, a neighbouring village may not.
    const readAs = (tokenValue: string) =>
      identification(tokenValue).GET('/households/{id}', { params: { path: { id: householdId } } });
    const reviewer = await token('township_reviewer', township);
    expect((await readAs(reviewer)).response.status).toBe(200);
    const neighbour = await token('village_cadre', `${township}${village.endsWith('999') ? '998' : '999'}`);
    const peek = await readAs(neighbour);
    expect(peek.response.status).toBe(403);
    expect(peek.error?.error.code).toBe('auth.out_of_jurisdiction');

    const again = await apply(cadre, input);
    expect(again.response.status).toBe(409);
    expect(again.error?.error.message['zh-CN']).toBeTruthy();

    // Not registered yet: medical aid knows nothing of an applicant. The round registers it (two
    // assessments, two notices, cross-check, announcement — notices of 2 s here).
    await completeSurvey(cadre, householdId);
    await registerThroughRound(village, [householdId]);

    // Kafka → medical-aid: the enrollment appears, pending, with a running workflow waiting for the county.
    const officer = await token('department_officer', `dept:medical_aid@${county}`, { subject: 'officer-li' });
    const pending = await eventually(async () => {
      const r = await enrollment(officer, householdId);
      return r.response.status === 200 && r.data?.workflow ? r.data : undefined;
    }, 60_000);
    expect(pending.status).toBe('pending');
    expect(pending.workflow!.step).toBe('awaiting_officer');

    const foreignOfficer = await token('department_officer', `dept:medical_aid@${otherCounty}`);
    const refused = await decide(foreignOfficer, householdId, 'approved', '核实无误');
    expect(refused.response.status).toBe(403);

    const wrongDept = await token('department_officer', `dept:industry@${county}`);
    expect((await decide(wrongDept, householdId, 'approved', '核实无误')).response.status).toBe(403);

    const noReason = await decide(officer, householdId, 'approved', ' ');
    expect(noReason.response.status).toBe(400);
    expect(noReason.error?.error.field).toBe('reason');

    const approved = await decide(officer, householdId, 'approved', '核实无误，纳入资助参保');
    expect(approved.response.status).toBe(201);
    expect(approved.data?.status).toBe('approved');

    const twice = await decide(officer, householdId, 'rejected', '重复');
    expect(twice.response.status).toBe(409);

    const final = await enrollment(officer, householdId);
    expect(final.data).toMatchObject({ status: 'approved', decidedBy: 'officer-li', reason: '核实无误，纳入资助参保' });

    // Who signed what (谁签字谁负责): the registration in identification, the decision in medical aid.
    // raw: the audit trail is not in the services' OpenAPI documents
    const auditor = await token('auditor', county);
    const idAudit = await call<{ records: { action: string; actorSubject: string; subjectId: string }[] }>(
      'GET',
      `${platform.url('identification-service')}/audit/records?division=${village}`,
      { token: auditor },
    );
    expect(idAudit.body.records).toEqual(
      expect.arrayContaining([expect.objectContaining({ actorSubject: 'cadre-zhang', subjectId: householdId })]),
    );
    const maAudit = await call<{
      records: { action: string; actorSubject: string; subjectId: string; reason: string }[];
    }>('GET', `${platform.url('medical-aid-service')}/audit/records?division=${county}`, { token: auditor });
    expect(maAudit.body.records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actorSubject: 'officer-li',
          subjectId: householdId,
          reason: '核实无误，纳入资助参保',
        }),
      ]),
    );
  });

  it('an enrollment nobody decides expires at its deadline and is escalated', async () => {
    const otherVillage = `${village.slice(0, 9)}${village.endsWith('888') ? '887' : '888'}`;
    const cadre = await token('village_cadre', otherVillage);
    const created = await apply(cadre, household(otherVillage, 1));
    expect(created.response.status).toBe(201);
    const householdId = created.data!.id;
    await completeSurvey(cadre, householdId, { size: 1 });
    await registerThroughRound(otherVillage, [householdId]);
    const officer = await token('department_officer', `dept:medical_aid@${county}`);
    const expired = await eventually(
      async () => {
        const r = await enrollment(officer, householdId);
        return r.response.status === 200 && r.data?.status === 'expired' ? r.data : undefined;
      },
      (DECISION_TIMEOUT_S + 60) * 1000,
      500,
    );
    expect(expired.workflow?.step).toBe('expired');
  });

  it('both audit chains verify intact', async () => {
    // raw: /audit/verify is not in the OpenAPI documents
    const ops = await token('ops', county);
    for (const service of ['identification-service', 'medical-aid-service'] as const) {
      const report = await call<{ ok: boolean; records: number; problems: unknown[] }>(
        'GET',
        `${platform.url(service)}/audit/verify`,
        { token: ops },
      );
      expect(report.status).toBe(200);
      expect(report.body.problems).toEqual([]);
      expect(report.body.ok).toBe(true);
      expect(report.body.records).toBeGreaterThan(0);
    }
  });
});
