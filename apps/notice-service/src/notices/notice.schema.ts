import { z } from 'zod';
import { parseBody } from '@fupin/service-kit';

// Text that PostgreSQL can store and people can read: no NUL and no control characters except tab and newlines.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export const safeText = (min: number, max: number) =>
  z.string().trim().min(min, min === 1 ? 'is required' : `needs at least ${min} characters`).max(max, `is longer than ${max} characters`).refine((s) => !CONTROL.test(s), 'contains control characters');

const divisionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, 'must be a county (6), township (9) or village (12) division code');
const phone = z.string().trim().regex(/^\+?\d[\d -]{4,19}$/, 'must be a phone number (digits, spaces, hyphens; 5–20 characters)');

export const MAX_NOTICE_ENTRIES = 5000;
/** A notice period longer than a year is a mistake in configuration, not a policy. */
export const MAX_NOTICE_SECONDS = 366 * 24 * 3600;

export const noticeEntryInput = z.object({
  entryId: z.uuid('must be a household id (uuid)'),
  headName: safeText(1, 100),
  headIdNumber: z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, 'must be an 18-character resident ID number'),
  phone: phone.optional(),
  villageCode: z.string().regex(/^\d{12}$/, 'must be a 12-digit village code'),
  memberCount: z.number().int().min(1).max(100),
  decision: safeText(1, 200),
  reason: safeText(1, 1000),
});

/** The activity input, checked like any other input (a workflow is a client too). */
export const openNoticeInput = z
  .object({
    noticeId: z.uuid('must be a uuid'),
    kind: z.enum(['village_notice', 'township_notice', 'county_announcement']),
    procedure: z.enum(['identification', 'exit', 'monitoring']),
    divisionCode,
    title: z.object({ 'zh-CN': safeText(1, 200), en: safeText(1, 200) }),
    entries: z.array(noticeEntryInput).min(1, 'a notice lists at least one household').max(MAX_NOTICE_ENTRIES, `a notice lists at most ${MAX_NOTICE_ENTRIES} households`),
    durationSeconds: z.number().int('must be whole seconds').min(1).max(MAX_NOTICE_SECONDS),
    ownerWorkflowId: safeText(1, 500),
  })
  .superRefine((n, ctx) => {
    const seen = new Set<string>();
    n.entries.forEach((e, i) => {
      if (seen.has(e.entryId)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'entryId'], message: 'is listed twice on this notice' });
      seen.add(e.entryId);
    });
  });
export type OpenNotice = z.output<typeof openNoticeInput>;

export const answerObjectionInput = z.object({
  objectionId: z.uuid('must be a uuid'),
  outcome: z.enum(['upheld', 'dismissed']),
  reason: safeText(1, 1000),
  answeredBy: z.object({ subject: safeText(1, 200), role: safeText(1, 50), jurisdiction: safeText(1, 100) }),
});
export type AnswerObjection = z.output<typeof answerObjectionInput>;

export const noticeIdParam = z.uuid('must be a notice id (uuid)');

/** A notice id from the path, refused as field `id` when it is not a uuid. */
export function parseNoticeId(id: string): string {
  return parseBody(z.object({ id: noticeIdParam }), { id }).id;
}

export const listNoticesQuery = z
  .object({
    division: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'must be a division code (2, 4, 6, 9 or 12 digits)').optional(),
    status: z.enum(['open', 'closed']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const noticeDetailQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();

export const OBJECTION_TEXT_MAX = 1000;

/** What anyone may post against a notice. Unknown fields are refused so a typo is not silently lost. */
export const objectionBody = z
  .object({
    entryId: z.uuid('must be the entry id (uuid) of a household on this notice').optional(),
    text: safeText(1, OBJECTION_TEXT_MAX),
    contact: phone.optional(),
  })
  .strict();
export type ObjectionBody = z.output<typeof objectionBody>;
