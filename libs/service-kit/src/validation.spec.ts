import { z } from 'zod';
import { DomainError, databaseDataError, toErrorResponse } from './errors';
import { bilingual } from './messages';
import { findControlCharacter } from './text-safety';
import { parseBody } from './validation';

function refusal(schema: z.ZodType, input: unknown): DomainError {
  try {
    parseBody(schema, input);
  } catch (e) {
    if (e instanceof DomainError) return e;
  }
  throw new Error('expected a refusal');
}

const ENGLISH_FROM_ZOD = /Invalid|expected|received|Too (big|small)|must|String|Number/;

describe('parseBody: messages whole in each language', () => {
  const schema = z.object({
    villageCode: z.string().regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code')),
    name: z.string().min(1).max(5),
    size: z.number().int().min(1).max(20),
    kind: z.enum(['a', 'b']),
    items: z.array(z.string()).max(2),
    note: z.string().regex(/^x/, 'must start with x').optional(),
    flag: z.boolean().optional(),
  });
  const valid = { villageCode: '430523101201', name: '张三', size: 3, kind: 'a', items: [] };

  it.each([
    ['villageCode', { ...valid, villageCode: 'x' }, '须为12位村级代码', 'must be a 12-digit village code'],
    ['villageCode', { ...valid, villageCode: undefined }, '为必填项', 'is required'],
    ['villageCode', { ...valid, villageCode: 12 }, '应为文本，收到的是数字', 'must be a string, not a number'],
    ['name', { ...valid, name: '' }, '长度不能少于 1 个字符', 'must have at least 1 characters'],
    ['name', { ...valid, name: '阿依古丽·买买提' }, '长度不能超过 5 个字符', 'must have at most 5 characters'],
    ['size', { ...valid, size: 21 }, '数值不能大于 20', 'must be at most 20'],
    ['size', { ...valid, size: 1.5 }, '应为整数，收到的是数字', 'must be an integer, not a number'],
    ['kind', { ...valid, kind: 'c' }, '须为以下之一："a" | "b"', 'must be one of "a" | "b"'],
    ['items', { ...valid, items: ['1', '2', '3'] }, '项数不能超过 2 项', 'must have at most 2 items'],
    [
      'flag',
      { ...valid, flag: 'yes' },
      '应为是/否（true 或 false），收到的是文本',
      'must be true or false, not a string',
    ],
  ])('%s: %j', (field, input, zh, en) => {
    const e = refusal(schema, input);
    expect(e.field).toBe(field);
    expect(e.text).toEqual({ 'zh-CN': `字段 ${field} 无效：${zh}`, en: `Field ${field} is invalid: ${en}` });
  });

  it("keeps a schema's English-only message in English and says it in Chinese by the kind of issue", () => {
    const e = refusal(schema, { ...valid, note: 'y' });
    expect(e.text).toEqual({ 'zh-CN': '字段 note 无效：格式不正确', en: 'Field note is invalid: must start with x' });
  });

  it("never puts the validator's English into the Chinese message, and lists every problem in both languages", () => {
    const e = refusal(schema, { villageCode: 1, name: 2, size: 'x', kind: 3, items: 'no', flag: 1 });
    expect(e.text['zh-CN']).not.toMatch(ENGLISH_FROM_ZOD);
    const details = e.details as { field: string; message: { 'zh-CN': string; en: string } }[];
    expect(details.map((d) => d.field)).toEqual(['villageCode', 'name', 'size', 'kind', 'items', 'flag']);
    for (const d of details) expect(d.message['zh-CN']).not.toMatch(ENGLISH_FROM_ZOD);
  });
});

describe('control characters', () => {
  it('finds the path of the first string or key holding one', () => {
    expect(findControlCharacter({ members: [{ name: 'ok' }, { name: 'a\u0000b' }] })).toEqual(['members', '1', 'name']);
    expect(findControlCharacter({ text: 'line one\nline two\ttab\r\n' })).toBeNull();
    expect(findControlCharacter({ ['k\u001b']: 1 })).toEqual(['k?']);
    expect(findControlCharacter(['\u007f'], ['body'])).toEqual(['body', '0']);
  });
});

describe("database data errors are the input's fault", () => {
  it("maps a SQLSTATE of class 22 from pg or from Prisma's raw query to 400, anything else to 500", () => {
    const prisma = Object.assign(
      new Error('Raw query failed. Code: `22021`. Message: `invalid byte sequence for encoding "UTF8": 0x00`'),
      { code: 'P2010' },
    );
    expect(databaseDataError(prisma)).toBe('22021');
    expect(databaseDataError(Object.assign(new Error('value too long'), { code: '22001' }))).toBe('22001');
    expect(databaseDataError(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '22P02' }) }))).toBe(
      '22P02',
    );
    expect(databaseDataError(Object.assign(new Error('deadlock'), { code: '40P01' }))).toBeNull();
    expect(toErrorResponse(prisma)).toMatchObject({
      status: 400,
      internal: false,
      body: { error: { code: 'request.invalid_data' } },
    });
    expect(toErrorResponse(new Error('boom')).status).toBe(500);
  });

  it("maps a Prisma model call's driver adapter error of class 22 (an id that is no uuid) to 400", () => {
    // the shape Prisma 7 with @prisma/adapter-pg throws for `claim.findUnique({ where: { id: 'not-a-uuid' } })`
    const adapterError = (code: string, originalCode: string) =>
      Object.assign(new Error('Invalid `db.claim.findUnique()` invocation: Invalid input value'), {
        code,
        meta: {
          modelName: 'Claim',
          driverAdapterError: {
            name: 'DriverAdapterError',
            cause: { originalCode, originalMessage: 'invalid input syntax for type uuid: "not-a-uuid"' },
          },
        },
      });
    expect(databaseDataError(adapterError('P2007', '22P02'))).toBe('22P02');
    expect(databaseDataError(adapterError('P2000', '22001'))).toBe('22001');
    expect(databaseDataError(adapterError('P2034', '40P01'))).toBeNull();
    expect(toErrorResponse(adapterError('P2007', '22P02'))).toMatchObject({
      status: 400,
      body: { error: { code: 'request.invalid_data' } },
    });
  });
});
