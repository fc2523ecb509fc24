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

const fenOut = z.number().int().meta({ description: 'fen (分)' });

/** The six calculations' line items as recorded (integer fen). */
const surveyItems = {
  incomeYear: z.number().int(),
  householdSize: z.number().int().meta({ description: 'from the survey, else the members on record' }),
  farmingIncome: fenOut,
  livestockIncome: fenOut,
  wageIncome: fenOut,
  propertyIncome: fenOut,
  transferIncome: fenOut,
  businessNetIncome: fenOut,
  productionCosts: fenOut,
  livingExpenses: fenOut,
  illnessSpending: fenOut,
  studentCosts: fenOut,
  netIncomeFen: z.number().int().meta({ description: 'derived: income items − production costs' }),
  perCapitaFen: z.number().int().meta({ description: 'derived: net income / household size, rounded half-up' }),
};

/** 入户调查 recorded (or redone for its income year). */
export const surveySaved = z.object({ householdId: z.string(), ...surveyItems }).meta({
  id: 'HouseholdSurveySaved',
  description: 'The income survey (六算) of an income year, derived figures included',
});

export const surveyList = z
  .object({
    householdId: z.string(),
    surveys: z.array(
      z.object({ ...surveyItems, surveyedBy: z.string(), surveyedAt: z.iso.datetime() }).meta({
        id: 'HouseholdSurvey',
        description: 'An income survey (六算) as recorded, every line item kept',
      }),
    ),
  })
  .meta({ id: 'HouseholdSurveys' });

const observed = {
  housingGrade: z.enum(['A', 'B', 'C', 'D']).meta({ description: '住房等级' }),
  drinkingWaterSafe: z.boolean(),
  foodSecure: z.boolean(),
  clothingSecure: z.boolean(),
  childrenOutOfSchool: z.number().int(),
  appliances: z.array(z.string()),
  vehicles: z.array(z.object({ kind: z.string(), productive: z.boolean() })),
};

/** 看 recorded. */
export const observationSaved = z
  .object({ id: z.uuid(), householdId: z.string(), ...observed })
  .meta({ id: 'LivingObservationSaved' });

const livingObservation = z
  .object({ ...observed, observedBy: z.string(), observedAt: z.iso.datetime() })
  .meta({ id: 'LivingObservation', description: 'Living conditions seen at the household (看)' });

export const latestObservationView = z
  .object({
    householdId: z.string(),
    observation: livingObservation.nullable().meta({ description: 'the latest observation; null if none yet' }),
  })
  .meta({ id: 'LatestLivingObservation' });

/** 致贫原因 and 五个一批 as set (codes, whichever form was sent). */
export const causesSaved = z
  .object({
    householdId: z.string(),
    mainCause: z.string().meta({ description: 'poverty cause code (致贫原因), e.g. illness' }),
    otherCauses: z.array(z.string()),
    assistanceCategory: z.string().meta({ description: 'assistance category code (五个一批), e.g. production' }),
  })
  .meta({ id: 'PovertyCauses' });

/** `GET /households/:id/known-income?year=`: the income year asked for. */
export const knownIncomeQuery = z.object({ year: z.coerce.number().int().min(2014).max(2100) });

const knownSource = z.enum(['dividend', 'wage', 'production']).meta({
  description:
    'dividend (入股分红/资产收益) → propertyIncome; wage (务工、公益岗位) → wageIncome; production (生产经营性收入, planting or breeding) → farmingIncome — the cadre moves a livestock part to livestockIncome when confirming',
});
const surveyItem = z.enum(['propertyIncome', 'wageIncome', 'farmingIncome']).meta({
  description: 'the survey line item (六算) the income pre-fills',
});

/** 已知收入: what industry support recorded of the household's income in the year, pre-filled for the survey. */
export const knownIncomeView = z
  .object({
    householdId: z.string(),
    incomeYear: z.number().int(),
    prefill: z.object({ farmingIncome: fenOut, wageIncome: fenOut, propertyIncome: fenOut }).meta({
      description:
        "the survey's line items pre-filled from known income, for the cadre to confirm in POST /households/{id}/surveys; the survey, not this, decides (exit criteria unchanged)",
    }),
    bySource: z.array(z.object({ source: knownSource, surveyItem, totalFen: fenOut, count: z.number().int() })),
    incomes: z.array(
      z.object({
        incomeId: z.uuid(),
        source: knownSource,
        surveyItem,
        amountFen: fenOut,
        earnedOn: z.iso.date(),
        reference: z.string(),
        receivedAt: z.iso.datetime(),
      }),
    ),
    surveyedAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: "when the year's survey was recorded; null while it awaits the cadre" }),
  })
  .meta({
    id: 'HouseholdKnownIncome',
    description:
      "Known income (已知收入) of an income year: industry-service's income.recorded events (dividends, wages, production), each once",
  });
