// notice-service against the real test stack (PostgreSQL, Kafka, Temporal, dev token issuer):
// a notice opened and closed by a workflow through the activities on the notice task queue, read by
// anyone with personal data masked, objections filed (stored, receipt, idempotent), rate-limited per
// client, refused once closed, answered and looked up by receipt; audit chain and Kafka events checked.
//   source .stack/test/env.sh && npx jest --selectProjects integration -- apps/notice-service
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Consumer } from 'kafkajs';
import { Client } from 'pg';
import { mintToken } from '@fupin/auth';
import { contracts, type EventEnvelope } from '@fupin/contracts';
import type { RunningService } from '@fupin/service-kit';
import { createTestDatabase, eventually, requireEnv, sleep, type TestDatabase } from '@fupin/testing';
import { type RunningWorker, startWorkflowWorker } from '@fupin/workflow-runtime';
import type { NoticeActivities, OpenNoticeInput } from '@fupin/workflows';
import type { NoticeConfig } from './config';
import { noticeActivities } from './notices/activities';
import { startService } from './service';

jest.setTimeout(180_000);

const village = '430523101201';
const village2 = '430523101202';
const township = '430523101';
const county = '430523';
const NOTICE_SECONDS = 25;
const run = randomUUID().slice(0, 8);
const activityQueue = `notice-test-${run}`;
const workflowQueue = `notice-test-wf-${run}`;

let db: TestDatabase;
let svc: RunningService<NoticeConfig>;
let worker: RunningWorker;
let activities: NoticeActivities;
let consumer: Consumer;
const seen: EventEnvelope<Record<string, unknown>>[] = [];

const entries = [
  {
    entryId: randomUUID(),
    headName: '阿依古丽·买买提',
    headIdNumber: '43052319800101123X',
    phone: '13812345678',
    villageCode: village,
    memberCount: 4,
    decision: '拟纳入贫困户',
    reason: '因病致贫，人均纯收入 2,100 元低于标准',
  },
  {
    entryId: randomUUID(),
    headName: '张三',
    headIdNumber: '430523197502024567',
    villageCode: village,
    memberCount: 3,
    decision: '拟纳入贫困户',
    reason: '缺劳力',
  },
  {
    entryId: randomUUID(),
    headName: '李四',
    headIdNumber: '430523196003035678',
    phone: '0731-84567890',
    villageCode: village2,
    memberCount: 2,
    decision: '拟纳入贫困户',
    reason: '因残致贫',
  },
];

function noticeInput(overrides: Partial<OpenNoticeInput> = {}): OpenNoticeInput {
  return {
    noticeId: randomUUID(),
    kind: 'township_notice',
    procedure: 'identification',
    divisionCode: township,
    title: { 'zh-CN': '2026 年度贫困户识别第二次公示', en: 'Identification 2026: second public notice' },
    entries,
    durationSeconds: NOTICE_SECONDS,
    ownerWorkflowId: `identification-round:${township}:${run}`,
    ...overrides,
  };
}

const url = (p: string) => `${svc.url}${p}`;
async function call<T = Record<string, unknown>>(
  method: string,
  p: string,
  opts: { body?: unknown; raw?: string; headers?: Record<string, string>; token?: string } = {},
) {
  const headers: Record<string, string> = {
    ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...opts.headers,
  };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const res = await fetch(url(p), {
    method,
    headers,
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: (text ? JSON.parse(text) : null) as T };
}
/** Each simulated member of the public comes through the (one trusted) proxy with its own address. */
const from = (ip: string, extra: Record<string, string> = {}) => ({ 'X-Forwarded-For': ip, ...extra });
const token = (role: string, jurisdiction: string, subject = `${role}-${run}`) =>
  mintToken({
    keyFile: requireEnv('AUTH_DEV_KEY_FILE'),
    issuer: requireEnv('AUTH_ISSUER'),
    subject,
    role,
    jurisdiction,
  });

async function sql<T>(query: string, ...values: unknown[]): Promise<T[]> {
  const c = new Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query(query, values)).rows as T[];
  } finally {
    await c.end();
  }
}

interface ErrorBody {
  error: { code: string; field?: string; message: { 'zh-CN': string; en: string } };
}
interface FiledBody {
  objectionId: string;
  receiptCode: string;
  noticeId: string;
}

beforeAll(async () => {
  db = await createTestDatabase('notice-service');
  svc = await startService({
    ...process.env,
    NOTICE_DATABASE_URL: db.url,
    NOTICE_PORT: '0',
    NOTICE_METRICS_PORT: '0',
    RUN_WORKER: 'true',
    NOTICE_TASK_QUEUE: activityQueue,
    NOTICE_TRUSTED_PROXY_HOPS: '1',
    NOTICE_OBJECTION_RATE_LIMIT: '5/1m',
    OUTBOX_POLL_INTERVAL: '200ms',
    LOG_LEVEL: 'warn',
    RESPONSE_CONTRACT_CHECK: 'true', // every response checked against its documented schema
  });
  activities = noticeActivities(svc.runtime);
  worker = await startWorkflowWorker(svc.runtime.config.temporal, workflowQueue, {
    workflowsPath: path.join(__dirname, 'fixtures', 'notice-lifecycle.workflow.ts'),
  });
  consumer = svc.runtime.kafka.consumer({ groupId: `notice-int-${run}` });
  await consumer.connect();
  await consumer.subscribe({
    topics: [contracts.objectionFiled.topic, contracts.noticeOpened.topic],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(JSON.parse(String(message.value)));
    },
  });
});

afterAll(async () => {
  await consumer?.disconnect();
  await worker?.shutdown();
  await svc?.stop();
  await db?.drop();
});

describe('notice-service: a notice driven by a workflow, read and objected to by the public', () => {
  const lifecycle = noticeInput();
  const noticeId = lifecycle.noticeId;
  let workflowResult: Promise<{
    opened: { openedAt: string; closesAt: string };
    closed: { closedAt: string; objections: number };
  }>;
  const receipts: FiledBody[] = [];

  it('a workflow opens the notice through the activities on the notice task queue; openNotice is idempotent by id', async () => {
    const handle = await svc.runtime.temporal.workflow.start('noticeLifecycleWorkflow', {
      taskQueue: workflowQueue,
      workflowId: `notice-test:${noticeId}`,
      args: [{ activityTaskQueue: activityQueue, notice: lifecycle }],
    });
    workflowResult = handle.result();
    const opened = await eventually(async () => {
      const r = await call<{ status: string; opensAt: string; closesAt: string }>('GET', `/notices/${noticeId}`);
      return r.status === 200 ? r.body : undefined;
    }, 60_000);
    expect(opened.status).toBe('open');
    expect(Date.parse(opened.closesAt) - Date.parse(opened.opensAt)).toBe(NOTICE_SECONDS * 1000);

    // a retry (same id, same content) returns the first opening; other content under the same id is refused
    await expect(activities.openNotice(lifecycle)).resolves.toEqual({
      noticeId,
      openedAt: opened.opensAt,
      closesAt: opened.closesAt,
    });
    await expect(activities.openNotice({ ...lifecycle, entries: entries.slice(0, 2) })).rejects.toMatchObject({
      type: 'NoticeConflict',
      nonRetryable: true,
      details: [{ code: 'NoticeConflict', status: 409, field: 'noticeId', message: { 'zh-CN': expect.any(String) } }],
    });
    const [{ n }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM notice_entry WHERE notice_id = $1`,
      noticeId,
    );
    expect(n).toBe(3);
  });

  it('refuses a bad opening naming the field: household outside the division, bad ID number, village notice above village level', async () => {
    const outside = noticeInput({ entries: [{ ...entries[0], villageCode: '430523102201' }] });
    await expect(activities.openNotice(outside)).rejects.toMatchObject({
      type: 'NoticeInputInvalid',
      message: expect.stringContaining('entries.0.villageCode'),
      details: [
        {
          code: 'NoticeInputInvalid',
          status: 400,
          field: 'entries.0.villageCode',
          message: { 'zh-CN': '公示所列第 1 户不在公示的区划内' },
        },
      ],
    });
    const badId = noticeInput({ entries: [{ ...entries[0], headIdNumber: '4305231980' }] });
    await expect(activities.openNotice(badId)).rejects.toMatchObject({
      type: 'NoticeInputInvalid',
      message: expect.stringContaining('entries.0.headIdNumber'),
      details: [
        {
          status: 400,
          field: 'entries.0.headIdNumber',
          message: { 'zh-CN': expect.stringContaining('字段 entries.0.headIdNumber 无效') },
          data: [expect.objectContaining({ field: 'entries.0.headIdNumber', message: expect.any(Object) })],
        },
      ],
    });
    await expect(activities.openNotice(noticeInput({ kind: 'village_notice' }))).rejects.toMatchObject({
      type: 'NoticeInputInvalid',
      message: expect.stringContaining('divisionCode'),
    });
    await expect(activities.openNotice(noticeInput({ durationSeconds: 0 }))).rejects.toMatchObject({
      type: 'NoticeInputInvalid',
    });
    const missing = randomUUID();
    await expect(activities.closeNotice({ noticeId: missing })).rejects.toMatchObject({
      type: 'NoticeNotFound',
      details: [{ code: 'NoticeNotFound', status: 409, message: { 'zh-CN': `公示 ${missing} 不存在` } }],
    });
  });

  it('anyone reads it without a token: names, villages, decisions and reasons; ID numbers and phones masked; UTC and Beijing time', async () => {
    const r = await call<{
      status: string;
      acceptsObjections: boolean;
      kindLabel: { 'zh-CN': string };
      opensAt: string;
      display: { timeZone: string; opensAt: string; closesAt: string };
      entries: {
        entryId: string;
        name: string;
        villageCode: string;
        idNumber: string;
        phone: string | null;
        decision: string;
        reason: string;
        memberCount: number;
      }[];
    }>('GET', `/notices/${noticeId}`);
    expect(r.status).toBe(200);
    expect(r.body.acceptsObjections).toBe(true);
    expect(r.body.kindLabel['zh-CN']).toBe('乡镇公示');
    expect(r.body.entries.map((e) => [e.name, e.villageCode, e.idNumber, e.phone])).toEqual([
      ['阿依古丽·买买提', village, '4305**********123X', '138****5678'],
      ['张三', village, '4305**********4567', null],
      ['李四', village2, '4305**********5678', '*********7890'],
    ]);
    expect(r.body.entries[0]).toMatchObject({
      entryId: entries[0].entryId,
      decision: '拟纳入贫困户',
      reason: entries[0].reason,
      memberCount: 4,
    });
    for (const e of entries) {
      expect(r.text).not.toContain(e.headIdNumber);
      if (e.phone) expect(r.text).not.toContain(e.phone);
    }
    expect(r.body.opensAt).toMatch(/Z$/);
    expect(r.body.display.timeZone).toBe('Asia/Shanghai');
    expect(r.body.display.opensAt).toMatch(/\+08:00$/);
    expect(Date.parse(r.body.display.opensAt)).toBe(Math.floor(Date.parse(r.body.opensAt) / 1000) * 1000); // shown to the second

    expect((await call('GET', `/notices/${randomUUID()}`)).status).toBe(404);
    const bad = await call<ErrorBody>('GET', '/notices/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('id');
  });

  it('lists notices by village, township or county prefix, newest first, paged, filtered by status', async () => {
    const second = noticeInput({
      kind: 'village_notice',
      divisionCode: village2,
      entries: [entries[2]],
      durationSeconds: 3600,
    });
    await activities.openNotice(second);
    const ids = async (q: string) =>
      (await call<{ items: { id: string }[]; total: number }>('GET', `/notices?${q}`)).body;
    expect((await ids(`division=${county}`)).items.map((n) => n.id)).toEqual([second.noticeId, noticeId]);
    expect((await ids(`division=${township}`)).total).toBe(2);
    expect((await ids(`division=${village}`)).items.map((n) => n.id)).toEqual([noticeId]); // the village's households are on the township notice only
    expect((await ids(`division=${village2}`)).items.map((n) => n.id)).toEqual([second.noticeId, noticeId]);
    expect((await ids('division=430524')).total).toBe(0);
    expect((await ids(`division=${county}&status=closed`)).total).toBe(0);
    const page2 = await call<{ items: { id: string; entryCount: number }[]; page: number; totalPages: number }>(
      'GET',
      `/notices?division=${county}&status=open&page=2&pageSize=1`,
    );
    expect(page2.body).toMatchObject({ page: 2, totalPages: 2 });
    expect(page2.body.items.map((n) => n.id)).toEqual([noticeId]);
    expect(page2.body.items[0].entryCount).toBe(3);
    const invalid = await call<ErrorBody>('GET', '/notices?division=43a');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.field).toBe('division');
    expect((await call<ErrorBody>('GET', '/notices?pageSize=1000')).body.error.field).toBe('pageSize');
  });

  it('files an objection: stored (with the contact) before 202 and a receipt code; the same Idempotency-Key gives the same receipt', async () => {
    const body = { entryId: entries[1].entryId, text: '该户家中有小轿车一辆，不符合条件', contact: '13900001111' };
    const key = randomUUID();
    const r = await call<FiledBody>('POST', `/notices/${noticeId}/objections`, {
      body,
      headers: from('203.0.113.10', { 'Idempotency-Key': key }),
    });
    expect(r.status).toBe(202);
    expect(r.body.receiptCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    receipts.push(r.body);
    const [row] = await sql<{ text: string; contact: string; entry_id: string; status: string; client_key: string }>(
      `SELECT text, contact, entry_id::text AS entry_id, status::text AS status, client_key FROM objection WHERE id = $1`,
      r.body.objectionId,
    );
    expect(row).toMatchObject({
      text: body.text,
      contact: '13900001111',
      entry_id: entries[1].entryId,
      status: 'pending',
    });
    expect(row.client_key).not.toContain('203.0.113.10');

    const again = await call<FiledBody>('POST', `/notices/${noticeId}/objections`, {
      body,
      headers: from('203.0.113.10', { 'Idempotency-Key': key }),
    });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(r.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const reused = await call<ErrorBody>('POST', `/notices/${noticeId}/objections`, {
      body: { text: '另一件事' },
      headers: from('203.0.113.10', { 'Idempotency-Key': key }),
    });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency.key_reused');

    const anonymous = await call<FiledBody>('POST', `/notices/${noticeId}/objections`, {
      body: { text: '名单中有村干部亲属' },
      headers: from('203.0.113.11'),
    });
    expect(anonymous.status).toBe(202);
    receipts.push(anonymous.body);
    expect(anonymous.body.receiptCode).not.toBe(r.body.receiptCode);
  });

  it('refuses bad objections by field, writing nothing', async () => {
    const post = (body: unknown, ip: string, extra: Record<string, string> = {}) =>
      call<ErrorBody>('POST', `/notices/${noticeId}/objections`, { body, headers: from(ip, extra) });
    const cases: [unknown, string][] = [
      [{ text: '' }, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: 'x'.repeat(1001) }, 'text'],
      [{ text: 'ok', contact: 'call me' }, 'contact'],
      [{ text: 'ok', entryId: 'nope' }, 'entryId'],
      [{ text: 'ok', entryId: randomUUID() }, 'entryId'],
      [{ text: 'ok', surprise: 1 }, '(body)'],
      [{ text: 'bad\u0000byte' }, 'text'],
    ];
    for (const [i, [body, field]] of cases.entries()) {
      const r = await post(body, `198.51.100.${i}`);
      expect({ body, status: r.status, field: r.body.error.field }).toEqual({ body, status: 400, field });
      expect(r.body.error.message['zh-CN']).toBeTruthy();
    }
    const longest = await call<FiledBody>('POST', `/notices/${noticeId}/objections`, {
      body: { text: 'x'.repeat(1000) },
      headers: from('198.51.100.50'),
    });
    expect(longest.status).toBe(202);
    receipts.push(longest.body);
    const wrongType = await call<ErrorBody>('POST', `/notices/${noticeId}/objections`, {
      raw: 'text=hello',
      headers: from('198.51.100.51', { 'Content-Type': 'application/x-www-form-urlencoded' }),
    });
    expect(wrongType.status).toBe(415);
    const huge = await call<ErrorBody>('POST', `/notices/${noticeId}/objections`, {
      raw: JSON.stringify({ text: 'x'.repeat(1_100_000) }),
      headers: from('198.51.100.52', { 'Content-Type': 'application/json' }),
    });
    expect(huge.status).toBe(413);
    expect((await post({ text: 'ok' }, '198.51.100.53', { 'Idempotency-Key': 'short' })).body.error.field).toBe(
      'Idempotency-Key',
    );
    expect(
      (
        await call('POST', `/notices/${randomUUID()}/objections`, {
          body: { text: 'ok' },
          headers: from('198.51.100.54'),
        })
      ).status,
    ).toBe(404);
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM objection WHERE notice_id = $1`, noticeId);
    expect(n).toBe(3);
  });

  it('rate-limits each client: the 6th objection in a minute gets 429 with Retry-After, in both languages; other clients are unaffected', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await call<FiledBody>('POST', `/notices/${noticeId}/objections`, {
        body: { text: `第 ${i} 条异议`, entryId: entries[0].entryId },
        headers: from('192.0.2.77'),
      });
      expect(r.status).toBe(202);
      expect(r.headers.get('ratelimit-remaining')).toBe(String(5 - i));
      receipts.push(r.body);
    }
    const limited = await call<ErrorBody>('POST', `/notices/${noticeId}/objections`, {
      body: { text: '第 6 条' },
      headers: from('192.0.2.77'),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.body.error.code).toBe('objection.rate_limited');
    expect(limited.body.error.message['zh-CN']).toMatch(/秒后再试/);
    expect(limited.body.error.message.en).toMatch(/try again/);
    // a client cannot escape by forging X-Forwarded-For: only the address the trusted proxy appended counts
    expect(
      (
        await call('POST', `/notices/${noticeId}/objections`, {
          body: { text: '伪造' },
          headers: from('10.9.9.9, 192.0.2.77'),
        })
      ).status,
    ).toBe(429);
    const other = await call<FiledBody>('POST', `/notices/${noticeId}/objections`, {
      body: { text: '另一位群众' },
      headers: from('192.0.2.78'),
    });
    expect(other.status).toBe(202);
    receipts.push(other.body);
  });

  it('officials read the objections inside their jurisdiction — full text, never the contact', async () => {
    const reviewer = await token('township_reviewer', township);
    const r = await call<{ objections: { objectionId: string; text: string; household: { name: string } | null }[] }>(
      'GET',
      `/notices/${noticeId}/objections`,
      { token: reviewer },
    );
    expect(r.status).toBe(200);
    expect(r.body.objections).toHaveLength(receipts.length);
    expect(r.body.objections[0]).toMatchObject({
      objectionId: receipts[0].objectionId,
      text: '该户家中有小轿车一辆，不符合条件',
      household: { name: '张三' },
    });
    expect(r.text).not.toContain('13900001111');
    expect(r.text).not.toContain(receipts[0].receiptCode);
    expect(
      (await call('GET', `/notices/${noticeId}/objections`, { token: await token('county_approver', county) })).status,
    ).toBe(200);
    expect(
      (await call('GET', `/notices/${noticeId}/objections`, { token: await token('auditor', county) })).status,
    ).toBe(200);
    expect((await call('GET', `/notices/${noticeId}/objections`)).status).toBe(401);
    expect(
      (await call('GET', `/notices/${noticeId}/objections`, { token: await token('village_cadre', village) })).status,
    ).toBe(403);
    const elsewhere = await call<ErrorBody>('GET', `/notices/${noticeId}/objections`, {
      token: await token('township_reviewer', '430523102'),
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('auth.out_of_jurisdiction');
  });

  it("answers objections (signed, audited); the objector reads the answer by receipt code, without anyone's contact", async () => {
    const signer = { subject: `reviewer-wang-${run}`, role: 'township_reviewer', jurisdiction: township };
    const pending = await call<{ status: string; answer: unknown }>('GET', `/objections/${receipts[0].receiptCode}`);
    expect(pending.body).toMatchObject({ status: 'pending', answer: null });

    await activities.answerObjection({
      objectionId: receipts[0].objectionId,
      outcome: 'dismissed',
      reason: '经入户核实，车辆为他人所有',
      answeredBy: signer,
    });
    await activities.answerObjection({
      objectionId: receipts[0].objectionId,
      outcome: 'dismissed',
      reason: '经入户核实，车辆为他人所有',
      answeredBy: signer,
    }); // a retry
    await expect(
      activities.answerObjection({
        objectionId: receipts[0].objectionId,
        outcome: 'upheld',
        reason: '改判',
        answeredBy: signer,
      }),
    ).rejects.toMatchObject({
      type: 'ObjectionAlreadyAnswered',
      nonRetryable: true,
      details: [{ code: 'ObjectionAlreadyAnswered', status: 409 }],
    });
    await expect(
      activities.answerObjection({
        objectionId: receipts[1].objectionId,
        outcome: 'upheld',
        reason: 'x',
        answeredBy: { ...signer, jurisdiction: '430523102' },
      }),
    ).rejects.toMatchObject({ type: 'SignerNotAllowed', details: [{ code: 'SignerNotAllowed', status: 403 }] });
    await expect(
      activities.answerObjection({
        objectionId: receipts[1].objectionId,
        outcome: 'upheld',
        reason: 'x',
        answeredBy: { ...signer, role: 'village_cadre', jurisdiction: village },
      }),
    ).rejects.toMatchObject({ type: 'SignerNotAllowed' });
    await expect(
      activities.answerObjection({ objectionId: randomUUID(), outcome: 'upheld', reason: 'x', answeredBy: signer }),
    ).rejects.toMatchObject({
      type: 'ObjectionNotFound',
      details: [{ code: 'ObjectionNotFound', status: 400, field: 'objectionId' }],
    });
    await activities.answerObjection({
      objectionId: receipts[1].objectionId,
      outcome: 'upheld',
      reason: '核实属实，取消该户资格',
      answeredBy: { subject: `county-li-${run}`, role: 'county_approver', jurisdiction: county },
    });

    const code = receipts[0].receiptCode;
    const typedBack = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`.toLowerCase();
    const answered = await call<{
      status: string;
      answer: { outcome: string; reason: string; answeredAt: string; display: { answeredAt: string } };
    }>('GET', `/objections/${typedBack}`);
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('dismissed');
    expect(answered.body.answer).toMatchObject({ outcome: 'dismissed', reason: '经入户核实，车辆为他人所有' });
    expect(answered.body.answer.display.answeredAt).toMatch(/\+08:00$/);
    expect(answered.text).not.toContain('13900001111');
    expect(answered.text).not.toContain(signer.subject);
    expect((await call<{ status: string }>('GET', `/objections/${receipts[1].receiptCode}`)).body.status).toBe(
      'upheld',
    );
    expect((await call('GET', '/objections/0000-0000-0000')).status).toBe(404);
    expect((await call<ErrorBody>('GET', '/objections/abc')).body.error.field).toBe('receiptCode');
  });

  it('the workflow closes the notice when its period ends; objections are refused from then on', async () => {
    const { opened, closed } = await workflowResult;
    expect(closed.objections).toBe(receipts.length);
    expect(Date.parse(closed.closedAt)).toBeLessThanOrEqual(Date.parse(opened.closesAt));
    await expect(activities.closeNotice({ noticeId })).resolves.toEqual(closed); // idempotent
    const r = await call<{ status: string; closedAt: string; acceptsObjections: boolean }>(
      'GET',
      `/notices/${noticeId}`,
    );
    expect(r.body).toMatchObject({ status: 'closed', closedAt: closed.closedAt, acceptsObjections: false });
    const late = await call<ErrorBody>('POST', `/notices/${noticeId}/objections`, {
      body: { text: '迟到的异议' },
      headers: from('203.0.113.99'),
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('notice.closed');
    expect(
      (await call<{ items: { id: string }[] }>('GET', `/notices?division=${village}&status=closed`)).body.items.map(
        (n) => n.id,
      ),
    ).toEqual([noticeId]);
  });

  it('a notice past its close time reads closed and refuses objections even before closeNotice has run', async () => {
    const short = noticeInput({
      kind: 'village_notice',
      divisionCode: village,
      entries: [entries[0]],
      durationSeconds: 1,
    });
    await activities.openNotice(short);
    await sleep(1500);
    const r = await call<{ status: string; closedAt: string | null }>('GET', `/notices/${short.noticeId}`);
    expect(r.body).toMatchObject({ status: 'closed', closedAt: null });
    const refused = await call<ErrorBody>('POST', `/notices/${short.noticeId}/objections`, {
      body: { text: '太晚了' },
      headers: from('203.0.113.98'),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('notice.closed');
    const closed = await activities.closeNotice({ noticeId: short.noticeId });
    expect(closed.objections).toBe(0);
    const [row] = await sql<{ closes_at: Date }>(`SELECT closes_at FROM notice WHERE id = $1`, short.noticeId);
    expect(closed.closedAt).toBe(new Date(row.closes_at).toISOString()); // closed late: recorded as the end of the period
  });

  it('events left through the outbox: notice.opened and objection.filed (with owner workflow and kind) on Kafka', async () => {
    const filed = await eventually(
      async () => seen.find((e) => e.type === 'objection.filed' && e.payload.objectionId === receipts[0].objectionId),
      60_000,
    );
    expect(filed.payload).toMatchObject({
      noticeId,
      householdId: entries[1].entryId,
      reason: '该户家中有小轿车一辆，不符合条件',
      ownerWorkflowId: lifecycle.ownerWorkflowId,
      noticeKind: 'township_notice',
    });
    expect(JSON.stringify(filed)).not.toContain('13900001111');
    const opened = await eventually(
      async () => seen.find((e) => e.type === 'notice.opened' && e.payload.noticeId === noticeId),
      60_000,
    );
    expect(opened.payload.householdIds).toEqual(entries.map((e) => e.entryId));
    // objection.resolved and notice.closed went through the same outbox
    await eventually(async () => {
      const rows = await sql<{ type: string }>(
        `SELECT type FROM outbox_event WHERE published_at IS NOT NULL AND aggregate_id = $1 ORDER BY seq`,
        noticeId,
      );
      const types = rows.map((x) => x.type);
      return types.includes('objection.resolved') && types.includes('notice.closed') ? types : undefined;
    }, 30_000);
  });

  it('the audit chain verifies and says who opened, closed and answered', async () => {
    const auditor = await token('auditor', county);
    const verify = await call<{ ok: boolean; records: number }>('GET', '/audit/verify', { token: auditor });
    expect(verify.body).toMatchObject({ ok: true });
    const records = await call<{
      records: { action: string; actorSubject: string; subjectId: string; reason: string }[];
    }>('GET', `/audit/records?division=${township}`, { token: auditor });
    const actions = records.body.records.map((r) => [r.action, r.subjectId, r.actorSubject]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['notice.open', noticeId, `workflow:${lifecycle.ownerWorkflowId}`],
        ['notice.close', noticeId, `workflow:${lifecycle.ownerWorkflowId}`],
        ['objection.dismiss', receipts[0].objectionId, `reviewer-wang-${run}`],
      ]),
    );
    const county_ = await call<{ records: { action: string; subjectId: string; reason: string }[] }>(
      'GET',
      `/audit/records?division=${county}`,
      { token: auditor },
    );
    expect(county_.body.records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'objection.uphold',
          subjectId: receipts[1].objectionId,
          reason: '核实属实，取消该户资格',
        }),
      ]),
    );
  });
});
