import { z } from 'zod';
import { BP_PER_UNIT, HOSPITAL_LEVELS, MAX_SETTLEMENT_FEN } from '@fupin/medical-aid-rules';

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
