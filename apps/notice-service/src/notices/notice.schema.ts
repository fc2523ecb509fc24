import { z } from 'zod';
import { CONTROL_CHARACTER, bilingual, parseBody } from '@fupin/service-kit';

// Text that PostgreSQL can store and people can read (the global pipe checks HTTP input; activity input is checked here).
export const safeText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(
      min,
      min === 1
        ? bilingual('为必填项', 'is required')
        : bilingual(`至少须有 ${min} 个字符`, `needs at least ${min} characters`),
    )
    .max(max, bilingual(`不能超过 ${max} 个字符`, `is longer than ${max} characters`))
    .refine((s) => !CONTROL_CHARACTER.test(s), bilingual('含有控制字符（如 NUL）', 'contains control characters'));

const divisionCode = z
  .string()
  .regex(
    /^(\d{6}|\d{9}|\d{12})$/,
    bilingual(
      '须为县（6位）、乡镇（9位）或村（12位）区划代码',
      'must be a county (6), township (9) or village (12) division code',
    ),
  );
const phone = z
  .string()
  .trim()
  .regex(
    /^\+?\d[\d -]{4,19}$/,
    bilingual(
      '须为电话号码（数字、空格或连字符，5–20 位）',
      'must be a phone number (digits, spaces, hyphens; 5–20 characters)',
    ),
  );

export const MAX_NOTICE_ENTRIES = 5000;
/** A notice period longer than a year is a mistake in configuration, not a policy. */
export const MAX_NOTICE_SECONDS = 366 * 24 * 3600;

export const noticeEntryInput = z.object({
  entryId: z.uuid(bilingual('须为户编号（UUID）', 'must be a household id (uuid)')),
  headName: safeText(1, 100),
  headIdNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^\d{17}[\dX]$/, bilingual('须为18位居民身份证号码', 'must be an 18-character resident ID number')),
  phone: phone.optional(),
  villageCode: z.string().regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code')),
  memberCount: z.number().int().min(1).max(100),
  decision: safeText(1, 200),
  reason: safeText(1, 1000),
});

/** The activity input, checked like any other input (a workflow is a client too). */
export const openNoticeInput = z
  .object({
    noticeId: z.uuid(bilingual('须为 UUID', 'must be a uuid')),
    kind: z.enum(['village_notice', 'township_notice', 'county_announcement']),
    procedure: z.enum(['identification', 'exit', 'monitoring', 'industry']),
    divisionCode,
    title: z.object({ 'zh-CN': safeText(1, 200), en: safeText(1, 200) }),
    entries: z
      .array(noticeEntryInput)
      .min(1, bilingual('公示至少须列出一户', 'a notice lists at least one household'))
      .max(
        MAX_NOTICE_ENTRIES,
        bilingual(`公示至多列出 ${MAX_NOTICE_ENTRIES} 户`, `a notice lists at most ${MAX_NOTICE_ENTRIES} households`),
      ),
    durationSeconds: z.number().int(bilingual('须为整秒数', 'must be whole seconds')).min(1).max(MAX_NOTICE_SECONDS),
    ownerWorkflowId: safeText(1, 500),
  })
  .superRefine((n, ctx) => {
    const seen = new Set<string>();
    n.entries.forEach((e, i) => {
      if (seen.has(e.entryId))
        ctx.addIssue({ code: 'custom', path: ['entries', i, 'entryId'], message: 'is listed twice on this notice' });
      seen.add(e.entryId);
    });
  });
export type OpenNotice = z.output<typeof openNoticeInput>;

export const answerObjectionInput = z.object({
  objectionId: z.uuid(bilingual('须为 UUID', 'must be a uuid')),
  outcome: z.enum(['upheld', 'dismissed']),
  reason: safeText(1, 1000),
  answeredBy: z.object({ subject: safeText(1, 200), role: safeText(1, 50), jurisdiction: safeText(1, 100) }),
});
export type AnswerObjection = z.output<typeof answerObjectionInput>;

export const noticeIdParam = z.uuid(bilingual('须为公示编号（UUID）', 'must be a notice id (uuid)'));

/** A notice id from the path, refused as field `id` when it is not a uuid. */
export function parseNoticeId(id: string): string {
  return parseBody(z.object({ id: noticeIdParam }), { id }).id;
}

/** `GET /notices` query string (validated and documented by the same schema, `@ZodQuery`). */
export const listNoticesQuery = z
  .object({
    division: z
      .string()
      .regex(
        /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/,
        bilingual('须为2、4、6、9或12位行政区划代码', 'must be a division code (2, 4, 6, 9 or 12 digits)'),
      )
      .optional()
      .describe('village (12), township (9), county (6), city (4) or province (2) code'),
    status: z.enum(['open', 'closed']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1).describe('page, from 1'),
    pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('1–100, default 20'),
  })
  .strict();

/** `GET /notices/:id` query string: the page of households. */
export const noticeDetailQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1).describe('page of households'),
    pageSize: z.coerce.number().int().min(1).max(1000).default(500).describe('1–1000, default 500'),
  })
  .strict();

export const OBJECTION_TEXT_MAX = 1000;

/** What anyone may post against a notice. Unknown fields are refused so a typo is not silently lost. */
export const objectionBody = z
  .object({
    entryId: z
      .uuid(
        bilingual('须为本公示中某户的条目编号（UUID）', 'must be the entry id (uuid) of a household on this notice'),
      )
      .optional(),
    text: safeText(1, OBJECTION_TEXT_MAX),
    contact: phone.optional(),
  })
  .strict();
export type ObjectionBody = z.output<typeof objectionBody>;

// ---------------------------------------------------------------- responses

const bilingualText = z
  .object({ 'zh-CN': z.string(), en: z.string() })
  .meta({ id: 'BilingualText', description: 'The same text in Chinese and English' });

const noticeKind = z.enum(['village_notice', 'township_notice', 'county_announcement']);
const instant = z.iso.datetime();
const localTime = z.iso
  .datetime({ offset: true })
  .meta({ description: 'local wall time with its offset, e.g. 2026-03-01T09:00:00+08:00' });

export const noticeSummary = z
  .object({
    id: z.uuid(),
    kind: noticeKind.meta({ description: '村级公示, 乡镇公示 or 县级公告' }),
    kindLabel: bilingualText,
    procedure: z.enum(['identification', 'exit', 'monitoring', 'industry']),
    divisionCode: z.string(),
    title: bilingualText,
    status: z.enum(['scheduled', 'open', 'closed']),
    acceptsObjections: z.boolean().meta({ description: 'true while the notice is open' }),
    opensAt: instant,
    closesAt: instant.meta({ description: 'end of the notice period' }),
    closedAt: instant.nullable().meta({ description: 'when it was closed (the period end, or earlier)' }),
    display: z
      .object({
        timeZone: z.string().meta({ description: 'IANA zone of the local times, e.g. Asia/Shanghai' }),
        opensAt: localTime,
        closesAt: localTime,
        closedAt: localTime.nullable(),
      })
      .meta({ description: 'the same times in local display' }),
    entryCount: z.number().int().meta({ description: 'households listed' }),
  })
  .meta({ id: 'NoticeSummary', description: 'A public notice (公示公告), without its households' });

const pageOf = { page: z.number().int(), pageSize: z.number().int(), total: z.number().int() };

export const noticeList = z
  .object({ items: z.array(noticeSummary), ...pageOf, totalPages: z.number().int() })
  .meta({ id: 'NoticeList', description: 'Notices, newest first, one page' });

export const publicNoticeView = noticeSummary
  .extend({
    entries: z.array(
      z.object({
        entryId: z.uuid().meta({ description: 'the household (name it when filing an objection)' }),
        name: z.string().meta({ description: 'head of household (户主)' }),
        villageCode: z.string(),
        memberCount: z.number().int(),
        idNumber: z.string().meta({ description: 'masked ID number, e.g. 430523********123X' }),
        phone: z.string().nullable().meta({ description: 'masked phone number' }),
        decision: z.string(),
        reason: z.string(),
      }),
    ),
    entriesPage: z.object({ ...pageOf, totalPages: z.number().int() }),
  })
  .meta({ id: 'PublicNotice', description: 'A notice with a page of its households; personal data masked' });

export const officialObjections = z
  .object({
    noticeId: z.uuid(),
    divisionCode: z.string(),
    objections: z.array(
      z.object({
        objectionId: z.uuid(),
        entryId: z.uuid().nullable().meta({ description: 'the household objected to; null for the notice as a whole' }),
        household: z.object({ name: z.string(), villageCode: z.string() }).nullable(),
        text: z.string(),
        status: z.enum(['pending', 'upheld', 'dismissed']),
        filedAt: instant,
        answer: z
          .object({
            outcome: z.string().meta({ description: 'upheld or dismissed' }),
            reason: z.string().nullable(),
            answeredBy: z.object({
              subject: z.string().nullable(),
              role: z.string().nullable(),
              jurisdiction: z.string().nullable(),
            }),
            answeredAt: instant,
          })
          .nullable()
          .meta({ description: "the re-examination's answer (复核结果), once given" }),
      }),
    ),
  })
  .meta({ id: 'NoticeObjections', description: 'Objections to a notice for officials: full text, never the contact' });

export const filedObjection = z
  .object({
    objectionId: z.uuid(),
    receiptCode: z.string().meta({ description: '12 characters; look the outcome up with GET /objections/{code}' }),
    noticeId: z.uuid(),
    filedAt: instant,
  })
  .meta({ id: 'FiledObjection', description: 'The objection is stored; keep the receipt code (回执码)' });
export type FiledObjection = z.output<typeof filedObjection>;

export const objectionLookup = z
  .object({
    receiptCode: z.string(),
    objectionId: z.uuid(),
    notice: z.object({ id: z.uuid(), kind: noticeKind, kindLabel: bilingualText, title: bilingualText }),
    entryId: z.uuid().nullable(),
    status: z.enum(['pending', 'upheld', 'dismissed']),
    filedAt: instant,
    answer: z
      .object({
        outcome: z.enum(['pending', 'upheld', 'dismissed']).meta({ description: 'upheld or dismissed' }),
        reason: z.string().nullable(),
        answeredAt: instant,
        display: z.object({ timeZone: z.string(), answeredAt: localTime }),
      })
      .nullable(),
    display: z.object({ timeZone: z.string(), filedAt: localTime }),
  })
  .meta({
    id: 'ObjectionLookup',
    description: 'An objection by its receipt code: status and answer; never the contact',
  });
