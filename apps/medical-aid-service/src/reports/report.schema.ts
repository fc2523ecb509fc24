import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

/** `GET /reports/monthly` query string. */
export const monthlyQuery = z.object({
  county: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, bilingual('须为 YYYY-MM 格式的月份', 'must be YYYY-MM'))
    .describe('YYYY-MM'),
});

const fen = (description: string) =>
  z
    .number()
    .int()
    .meta({ description: `${description}, in fen (分)` });

/** Each layer's totals over the county's claims paid in the month. */
export const countyTotals = z
  .object({
    countyCode: z.string(),
    claims: z.number().int().meta({ description: 'claims paid in the month' }),
    people: z.number().int().meta({ description: 'distinct people among them' }),
    totalCost: fen('total cost'),
    inPolicyCost: fen('in-policy cost (政策范围内费用)'),
    basic: fen('basic medical insurance (基本医保)'),
    critical: fen('critical-illness insurance (大病保险)'),
    assistance: fen('medical assistance (医疗救助)'),
    backstop: fen('backstop (兜底保障)'),
    patientPays: fen('paid by the patients (个人自付)'),
  })
  .meta({ id: 'MonthlyCountyTotals' });

/** A person whose own share of in-policy costs over the month went over the limit (out-of-policy costs excluded). */
export const flaggedPerson = z
  .object({
    countyCode: z.string(),
    idNumber: z.string(),
    registeredPoor: z.boolean(),
    inPolicyCost: fen('in-policy cost over the month'),
    inPolicyPatientShare: fen('what the person paid of it'),
    shareBp: z.number().int().meta({ description: 'that share in basis points of in-policy cost, rounded down' }),
    limitBp: z.number().int().meta({ description: "the policy's patient share limit, basis points" }),
  })
  .meta({ id: 'MonthlyFlaggedPerson' });

export const monthlyReport = z
  .object({
    countyCode: z.string(),
    month: z.string().meta({ description: 'YYYY-MM (Asia/Shanghai calendar)' }),
    totals: countyTotals,
    flagged: z.array(flaggedPerson),
    builtAt: z.iso.datetime(),
  })
  .meta({ id: 'MonthlyReport', description: "A county's monthly report (月度报表) of paid claims" });
export type MonthlyReportView = z.output<typeof monthlyReport>;
