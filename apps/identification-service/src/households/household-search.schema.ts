import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

const DIVISION = /^(\d{6}|\d{9}|\d{12})$/;
/** A resident ID number: 17 digits and a check character. */
export const ID_NUMBER = /^\d{17}[\dXx]$/;

/** `GET /households?q=&village=&limit=&cursor=` (一户一档 search). */
export const householdSearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, bilingual('请输入姓名、身份证号或区划代码', 'enter a name, an ID number or a division code'))
    .max(40)
    .optional()
    .meta({
      description:
        'a resident ID number (18 characters: exact match), a county/township/village code (6, 9 or 12 digits: households inside it), or else part of a member name',
    }),
  village: z
    .string()
    .regex(DIVISION, bilingual('须为6、9或12位行政区划代码', 'must be a 6, 9 or 12-digit division code'))
    .optional()
    .meta({ description: 'only households inside this county, township or village' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^\d{12}\.[0-9a-f-]{36}$/i, bilingual('无效的翻页标记', 'not a cursor of this list'))
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
});
export type HouseholdSearchQuery = z.output<typeof householdSearchQuery>;

/** What the query string asks for. */
export type SearchTerm = { kind: 'all' } | { kind: 'id'; idNumber: string } | { kind: 'name'; text: string };

export const searchTermOf = (q: string | undefined): { term: SearchTerm; division?: string } => {
  if (q === undefined) return { term: { kind: 'all' } };
  if (ID_NUMBER.test(q)) return { term: { kind: 'id', idNumber: q.toUpperCase() } };
  if (DIVISION.test(q)) return { term: { kind: 'all' }, division: q };
  return { term: { kind: 'name', text: q } };
};

const member = z.object({
  name: z.string(),
  relation: z.string().meta({ description: '与户主关系' }),
  idNumber: z.string().meta({ description: 'masked (4305**********1234) unless the reader may see it in full' }),
});

export const householdSearchRow = z
  .object({
    householdId: z.uuid(),
    villageCode: z.string(),
    status: z.string().meta({ description: 'applicant, in_procedure, registered, refused, withdrawn, exited, …' }),
    headName: z.string().nullable().meta({ description: '户主 (null: no member on record)' }),
    headIdNumber: z
      .string()
      .nullable()
      .meta({ description: "the head's ID number, masked unless the reader may see it in full" }),
    memberCount: z.number().int(),
    matchedMember: member
      .nullable()
      .meta({ description: 'the member whose name or ID number matched, when not the head' }),
    idNumbersMasked: z.boolean().meta({ description: 'whether the ID numbers of this row are masked for the reader' }),
  })
  .meta({ id: 'HouseholdSearchRow' });
export type HouseholdSearchRow = z.output<typeof householdSearchRow>;

export const householdSearchResult = z
  .object({
    households: z.array(householdSearchRow).meta({ description: 'ordered by village code, then household id' }),
    nextCursor: z.string().nullable().meta({ description: 'the next page (cursor=…), or null on the last page' }),
  })
  .meta({
    id: 'HouseholdSearchResult',
    description:
      'Households of the register inside the reader’s jurisdiction (一户一档 search); ID numbers in full only for village cadres, township reviewers and county approvers',
  });
export type HouseholdSearchResult = z.output<typeof householdSearchResult>;
