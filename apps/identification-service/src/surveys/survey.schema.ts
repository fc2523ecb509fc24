import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

const fen = z
  .number()
  .int(bilingual('须为整数（单位：分）', 'must be a whole number of fen (分)'))
  .min(0, bilingual('不能为负数', 'must not be negative'))
  .max(100_000_000_000, bilingual('数额大得不合常理', 'is implausibly large'));

/** 入户调查 · 六算: every line item in integer fen; the per-capita figure is derived, never sent. */
export const surveyBody = z
  .object({
    incomeYear: z.number().int().min(2014).max(2100),
    householdSize: z.number().int().min(1).max(30).optional(),
    farmingIncome: fen,
    livestockIncome: fen,
    wageIncome: fen,
    propertyIncome: fen,
    transferIncome: fen,
    businessNetIncome: fen,
    productionCosts: fen,
    livingExpenses: fen,
    illnessSpending: fen,
    studentCosts: fen,
  })
  .strict();
export type SurveyInput = z.infer<typeof surveyBody>;

/** 看: living conditions observed at the household. */
export const observationBody = z
  .object({
    housingGrade: z.enum(['A', 'B', 'C', 'D']),
    drinkingWaterSafe: z.boolean(),
    foodSecure: z.boolean().default(true),
    clothingSecure: z.boolean().default(true),
    childrenOutOfSchool: z.number().int().min(0).max(20).default(0),
    appliances: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
    vehicles: z
      .array(z.object({ kind: z.string().trim().min(1).max(50), productive: z.boolean() }))
      .max(20)
      .default([]),
  })
  .strict();
export type ObservationInput = z.infer<typeof observationBody>;

/** 致贫原因 + 五个一批. */
export const causesBody = z
  .object({
    mainCause: z.string(),
    otherCauses: z.array(z.string()).default([]),
    assistanceCategory: z.string(),
  })
  .strict();
