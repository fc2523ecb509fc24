import { z } from 'zod';
import { BP_PER_UNIT, HOSPITAL_LEVELS, MAX_SETTLEMENT_FEN } from '@fupin/medical-aid-rules';
import { bilingual } from '@fupin/service-kit';

/**
 * The shapes the medical-aid rules library accepts (a policy, a claim's figures, the year-to-date accumulators),
 * written once in zod for the OpenAPI document and the handlers' types. The rules library (`validatePolicy`,
 * `settleClaim`) stays their judge: its refusals keep their codes (`rule.integer_fen`, `rule.rate_bp` …) and
 * field paths (`policy.critical.segments[1].upTo`), so input that does not fit a shape is handed on unchanged
 * (`judgedByRules`) for the rules to name. A shape must never be stricter than the rules (policy.schema.spec.ts).
 */

const fen = z.number().int().min(0).max(MAX_SETTLEMENT_FEN).describe('amount in fen (分, integer)');
const rateBp = z.number().int().min(0).max(BP_PER_UNIT).describe('rate in basis points (基点, 10000 = 100 %)');
const byLevel = <T extends z.ZodType>(value: T) =>
  z.looseObject({ township: value, county: value, city: value, province: value });

export const medicalPolicyShape = z.looseObject({
  basic: z.looseObject({
    deductible: byLevel(fen).describe('起付线 per hospital level, consumed across the year'),
    rate: byLevel(rateBp).describe('报销比例 per hospital level'),
    annualCap: fen,
  }),
  outOfCountyRateCut: rateBp.describe(
    'rate points taken off the basic rate for a treatment outside the county (县外就医)',
  ),
  critical: z.looseObject({
    deductible: fen,
    poorDeductible: fen.describe('the lower deductible for registered poor (建档立卡贫困人口)'),
    segments: z
      .array(
        z.looseObject({
          upTo: fen.nullable().describe('upper bound in fen; null (open) on the last segment only'),
          rate: rateBp,
        }),
      )
      .min(1)
      .describe('分段, in order of strictly increasing upTo; only the last is open (upTo null)'),
    poorRateBonus: rateBp.describe(
      'rate points added to every segment for registered poor (segment rate + bonus ≤ 10000)',
    ),
    annualCap: fen,
  }),
  assistance: z.looseObject({ rate: rateBp, annualCap: fen }),
  backstop: z.looseObject({
    patientShareLimit: rateBp.describe(
      "the patient's share of in-policy cost is brought down to this (registered poor only)",
    ),
  }),
});

export const claimFiguresShape = z.looseObject({
  totalCost: fen,
  inPolicyCost: fen.describe('at most totalCost'),
  level: z.enum(HOSPITAL_LEVELS),
  inCounty: z.boolean(),
});

export const yearToDateShape = z.looseObject({
  basicDeductibleUsed: fen,
  basicPaid: fen,
  criticalBase: fen.describe(
    "cumulative rest (in-policy cost left after basic insurance) of the year's earlier claims",
  ),
  criticalPaid: fen,
  assistancePaid: fen,
});

export const settlementInputShape = z.looseObject({
  policy: medicalPolicyShape,
  claim: claimFiguresShape,
  registeredPoor: z.boolean(),
  ytd: yearToDateShape
    .optional()
    .describe('accumulators before this claim; absent = all zero (first claim of the year)'),
});

/**
 * `shape` in the OpenAPI document and the handler's type, with the rules library as its judge: a value that does
 * not fit is passed on as it came (the type is then a promise the rules check, as they check any input).
 */
export function judgedByRules<S extends z.ZodType>(shape: S) {
  return shape.catch((ctx) => ctx.value as z.output<S>);
}

const countyCode = z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code'));

/** `POST /policies`: a new version of a county's policy for a year. */
export const createPolicyBody = z
  .object({
    countyCode,
    year: z.number().int().min(2014).max(2100),
    // present (null included); its shape is documented, its figures judged by validatePolicy (rule.* codes)
    policy: judgedByRules(medicalPolicyShape).nonoptional(),
  })
  .strict();
export type CreatePolicyInput = z.output<typeof createPolicyBody>;

/** `GET /policies` query string. */
export const listPoliciesQuery = z.object({
  county: countyCode,
  year: z.coerce.number().int().min(2014).max(2100),
});

/** One version of a county's policy for a year, as stored (never edited once a claim used it). */
export const policyVersion = z
  .object({
    id: z.uuid(),
    countyCode: z.string(),
    year: z.number().int(),
    version: z.number().int().meta({ description: 'from 1, per county and year; the highest is the current one' }),
    policy: medicalPolicyShape,
    createdBy: z.string().meta({ description: 'subject of the officer who published it' }),
    createdAt: z.iso.datetime(),
    usedAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: 'when the first claim was settled under it; from then on it never changes' }),
  })
  .meta({ id: 'MedicalPolicyVersion', description: "A version of a county's medical policy (医保与医疗救助政策)" });
export type PolicyVersion = z.output<typeof policyVersion>;

export const policyVersions = z
  .object({
    countyCode: z.string(),
    year: z.number().int(),
    versions: z.array(policyVersion).meta({ description: 'newest first: the first is the one new claims use' }),
  })
  .meta({ id: 'MedicalPolicyVersions' });
