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
    procedure: z.enum(['identification', 'exit', 'monitoring']),
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
