import { appendAudit } from '@fupin/audit';
import type { IncomeRecordedV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import type { IdentificationDb } from '../db';
import type { Household } from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';

/** The survey line item (六算) each source of known income pre-fills. */
export const SURVEY_ITEM_OF_SOURCE = {
  /** 入股分红 / 资产收益 → 财产性收入 */
  dividend: 'propertyIncome',
  /** 务工、公益岗位工资 → 工资性收入 */
  wage: 'wageIncome',
  /** 生产经营性收入 (planting or breeding) → farmingIncome; the cadre moves a livestock part to livestockIncome */
  production: 'farmingIncome',
} as const satisfies Record<IncomeRecordedV1['source'], string>;

export type KnownIncomeSource = keyof typeof SURVEY_ITEM_OF_SOURCE;
export type PrefilledItem = (typeof SURVEY_ITEM_OF_SOURCE)[KnownIncomeSource];

const industryActor: Actor = { subject: 'system:industry-service', role: 'system', jurisdiction: 'system' };

/**
 * income.recorded: the income kept as known income of the household for the income year of `earnedOn`, once per
 * incomeId (a redelivered event, or the same income under another event id, changes nothing), audited; an income of
 * a household this register does not hold is not kept.
 */
export async function recordKnownIncome(
  tx: SqlExecutor,
  income: Pick<IncomeRecordedV1, 'incomeId' | 'householdId' | 'source' | 'amountFen' | 'earnedOn' | 'reference'>,
  eventId: string,
): Promise<'recorded' | 'duplicate' | 'unknown_household'> {
  const [household] = await tx.$queryRawUnsafe<Pick<Household, 'id'>[]>(
    `SELECT id::text FROM household WHERE id = $1::uuid`,
    income.householdId,
  );
  if (!household) return 'unknown_household';
  const incomeYear = Number(income.earnedOn.slice(0, 4));
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO known_income (income_id, household_id, income_year, source, amount_fen, earned_on, reference, event_id)
     VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::date, $7, $8::uuid) ON CONFLICT (income_id) DO NOTHING`,
    income.incomeId,
    income.householdId,
    incomeYear,
    income.source,
    income.amountFen,
    income.earnedOn,
    income.reference,
    eventId,
  );
  if (inserted !== 1) return 'duplicate';
  await appendAudit(tx, {
    actorSubject: industryActor.subject,
    actorRole: industryActor.role,
    jurisdiction: industryActor.jurisdiction,
    action: 'household.known_income',
    subjectType: 'household',
    subjectId: income.householdId,
    after: { ...income, incomeYear, eventId },
    reason: `known income (${income.source}) of income year ${incomeYear}, for the survey to confirm`,
  });
  return 'recorded';
}

/**
 * The household's known income of an income year: each income with the survey item it pre-fills, the totals per
 * source and per item, and whether the year's survey is recorded (the survey, not this, decides).
 */
export async function knownIncomeOfYear(db: IdentificationDb, householdId: string, incomeYear: number) {
  const [rows, survey] = await Promise.all([
    db.knownIncome.findMany({
      where: { householdId, incomeYear },
      orderBy: [{ earnedOn: 'asc' }, { incomeId: 'asc' }],
    }),
    db.incomeSurvey.findUnique({
      where: { householdId_incomeYear: { householdId, incomeYear } },
      select: { surveyedAt: true },
    }),
  ]);
  const incomes = rows.map((r) => {
    const source = r.source as KnownIncomeSource;
    return {
      incomeId: r.incomeId,
      source,
      surveyItem: SURVEY_ITEM_OF_SOURCE[source],
      amountFen: Number(r.amountFen),
      earnedOn: r.earnedOn.toISOString().slice(0, 10),
      reference: r.reference,
      receivedAt: r.receivedAt.toISOString(),
    };
  });
  const bySource = (Object.keys(SURVEY_ITEM_OF_SOURCE) as KnownIncomeSource[]).map((source) => {
    const of = incomes.filter((i) => i.source === source);
    const totalFen = of.reduce((sum, i) => sum + i.amountFen, 0);
    return { source, surveyItem: SURVEY_ITEM_OF_SOURCE[source], totalFen, count: of.length };
  });
  const prefill = { farmingIncome: 0, wageIncome: 0, propertyIncome: 0 } satisfies Record<PrefilledItem, number>;
  for (const s of bySource) prefill[s.surveyItem] += s.totalFen;
  return {
    householdId,
    incomeYear,
    prefill,
    bySource,
    incomes,
    surveyedAt: survey ? survey.surveyedAt.toISOString() : null,
  };
}
