import { randomUUID } from 'node:crypto';
import { call, startTestService, testToken, withSuperuser, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { householdInput } from '../testing/people';

// Issue 10: what probing the running service found — NUL bytes gave 500, English inside Chinese messages,
// no security headers, /metrics on the API port, century-long tokens, 401 without WWW-Authenticate,
// undocumented statuses. Each test here failed before its fix.
jest.setTimeout(60_000);

const village = '430523101201';
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let cadre: string;

type ErrorBody = {
  error: { code: string; field?: string; message: { 'zh-CN': string; en: string }; requestId?: string };
};

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  cadre = await testToken('village_cadre', village, { subject: 'cadre-li' });
});

afterAll(() => svc?.stop());

const post = (path: string, body: unknown, token = cadre) =>
  call<ErrorBody>('POST', `${svc.url}${path}`, { token, body, headers: { 'Idempotency-Key': randomUUID() } });

describe('control characters (NUL) in text fields', () => {
  it.each([
    ['members.0.name', (a: ReturnType<typeof householdInput>) => (a.members[0].name = '张\u0000三')],
    [
      'members.1.ethnicity',
      (a: ReturnType<typeof householdInput>) => Object.assign(a.members[1], { ethnicity: '汉\u0007' }),
    ],
  ])('refuses %s with 400 naming the field, and stores nothing', async (field, spoil) => {
    const application = householdInput(village, 3);
    spoil(application);
    const r = await post('/households', application);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'request.control_character', field });
    expect(r.body.error.message['zh-CN']).toContain(field);
    const stored = await withSuperuser(svc.db.url, (c) =>
      c.query('SELECT count(*)::int AS n FROM person WHERE id_number = $1', [application.members[0].idNumber]),
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it("refuses a NUL in a cadre relative's name and in a path parameter", async () => {
    const r = await post(`/villages/${village}/cadre-relatives`, [
      { idNumber: '430523198001010011', cadreName: '李\u0000四', relation: '兄弟' },
    ]);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'request.control_character', field: '0.cadreName' });
    const p = await call<ErrorBody>('GET', `${svc.url}/villages/4305231012%00/cadre-relatives`, { token: cadre });
    expect(p.status).toBe(400);
    expect(p.body.error).toMatchObject({ code: 'request.control_character', field: 'villageCode' });
  });
});

describe('messages whole in each language', () => {
  it('says what is wrong in Chinese without English from the validator, and in English', async () => {
    const r = await post('/households', { villageCode: 12, members: [] });
    expect(r.status).toBe(400);
    const { message } = r.body.error;
    expect(message['zh-CN']).toMatch(/^字段 villageCode 无效：/);
    expect(message['zh-CN']).not.toMatch(/Invalid|expected|received|must/);
    expect(message.en).toMatch(/^Field villageCode is invalid: /);
    const missing = await post('/households', { members: [] });
    expect(missing.body.error.message).toEqual({
      'zh-CN': '字段 villageCode 无效：为必填项',
      en: 'Field villageCode is invalid: is required',
    });
  });
});

describe('HTTP hardening', () => {
  it('sends security headers, no X-Powered-By, and no-store on personal data', async () => {
    const r = await call('GET', `${svc.url}/households/${randomUUID()}`, { token: cadre });
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    const docs = await fetch(`${svc.url}/docs`);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    // the policy allows no inline script, so the OpenAPI page must not need one
    expect(await docs.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
  });

  it('serves /metrics on its own port only', async () => {
    expect((await call('GET', `${svc.url}/metrics`)).status).toBe(404);
    const metrics = await fetch(svc.service.metricsUrl);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('http_requests_total');
  });

  it('answers 401 with WWW-Authenticate: Bearer, and refuses a token valid for longer than 12 hours', async () => {
    const none = await call<ErrorBody>('GET', `${svc.url}/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="fupin-platform"');
    const century = await testToken('village_cadre', village, { expiresIn: '36500d' });
    const old = await call<ErrorBody>('GET', `${svc.url}/me`, { token: century });
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('auth.token_lifetime');
    expect(old.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const workday = await testToken('village_cadre', village, { expiresIn: '12h' });
    expect((await call('GET', `${svc.url}/me`, { token: workday })).status).toBe(200);
  });

  it('answers a JSON body that is not an object with the request id', async () => {
    const r = await call<ErrorBody>('POST', `${svc.url}/households`, {
      token: cadre,
      raw: '"AAA"',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.requestId).toBe(r.headers.get('x-request-id'));
  });
});

describe('OpenAPI document', () => {
  it('documents the platform refusals of every operation with the one error shape', async () => {
    const doc = (
      await call<{
        paths: Record<
          string,
          Record<string, { responses: Record<string, { content?: unknown; $ref?: string }>; security?: unknown }>
        >;
        components: { schemas: Record<string, unknown>; responses: Record<string, { content?: unknown }> };
      }>('GET', `${svc.url}/docs-json`)
    ).body;
    expect(doc.components.schemas.Error).toBeDefined();
    const households = doc.paths['/households'].post;
    for (const status of ['400', '401', '403', '409', '413', '415', '422', '503'])
      expect(Object.keys(households.responses)).toContain(status);
    // one response component per refusal, referenced (not repeated) by each operation
    expect(households.responses['400'].$ref).toBe('#/components/responses/Refusal400');
    expect(doc.components.responses.Refusal400.content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/Error' } },
    });
    const undocumentedAuth = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security && !op.responses['401'])
        .map(([m]) => `${m} ${path}`),
    );
    expect(undocumentedAuth).toEqual([]);
  });
});
