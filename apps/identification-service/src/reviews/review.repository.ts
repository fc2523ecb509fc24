import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import type { ReviewReport } from '@fupin/exit-rules';
import { annualReviewWorkflowId } from '@fupin/identification-workflows';
import { type SqlExecutor, onceForKey } from '@fupin/persistence';
import { DomainError, InjectDb } from '@fupin/service-kit';
import { type Columns, type IdentificationDb, type Nullable, asColumns, identificationTx } from '../db';
import type { Division, Household, ReviewCampaign } from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';
import type { ReviewStarted, StartReviewInput } from './review.schema';

const campaignColumns = {
  id: true,
  countyCode: true,
  incomeYear: true,
  workflowId: true,
  status: true,
  createdBy: true,
  createdAt: true,
  finishedAt: true,
} as const;

/** A campaign as the review service reads it (by column name); the list leaves its report out (null). */
export type CampaignRow = Columns<Pick<ReviewCampaign, keyof typeof campaignColumns | 'report'>>;

/**
 * Annual review campaigns (一年一评): the only place their SQL lives. Model calls for the plain reads; SQL for the
 * campaign's activities — the county's figures and progress (reports), row and advisory locks, and the writes
 * stamped with the database clock (created_at, finished_at).
 */
@Injectable()
export class ReviewRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  /** The campaign of the county and year, once per key: refused when the county already has it. */
  start(input: StartReviewInput, actor: Actor, key: string) {
    return this.db.$transaction(async (tx) =>
      onceForKey<ReviewStarted>(tx, 'review.start', key, input, async () => {
        const existing = await tx.reviewCampaign.findUnique({
          where: { countyCode_incomeYear: { countyCode: input.countyCode, incomeYear: input.incomeYear } },
          select: { id: true },
        });
        if (existing) {
          throw new DomainError(
            409,
            'review.exists',
            {
              'zh-CN': `县 ${input.countyCode} ${input.incomeYear} 年度的一年一评已开始（${existing.id}）`,
              en: `county ${input.countyCode} already has the ${input.incomeYear} annual review (${existing.id})`,
            },
            'countyCode',
            { campaignId: existing.id },
          );
        }
        const id = randomUUID();
        const workflowId = annualReviewWorkflowId(input.countyCode, input.incomeYear);
        await tx.$executeRawUnsafe(
          `INSERT INTO review_campaign (id, county_code, income_year, workflow_id, status, created_by) VALUES ($1::uuid, $2, $3, $4, 'running', $5)`,
          id,
          input.countyCode,
          input.incomeYear,
          workflowId,
          actor.subject,
        );
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'review.start',
          subjectType: 'review_campaign',
          subjectId: id,
          after: input,
          reason: `启动${input.incomeYear}年度一年一评 / annual review of ${input.incomeYear} started`,
        });
        return {
          status: 201,
          body: { campaignId: id, workflowId, countyCode: input.countyCode, incomeYear: input.incomeYear },
        };
      }),
    );
  }

  async load(id: string): Promise<CampaignRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const campaign = await this.db.reviewCampaign.findUnique({
      where: { id },
      select: { ...campaignColumns, report: true },
    });
    return campaign && asColumns(campaign);
  }

  /** The county's campaigns, newest income year first, without their reports. */
  async list(countyCode: string): Promise<CampaignRow[]> {
    const campaigns = await this.db.reviewCampaign.findMany({
      where: { countyCode },
      orderBy: { incomeYear: 'desc' },
      select: campaignColumns,
    });
    return campaigns.map((c) => asColumns({ ...c, report: null }));
  }
}

// ── what the campaign's activities read and write ──────────────────────────────────────────────────────────────

/** Poor people not exited and rural population per village of the county. */
export async function villageFigures(db: SqlExecutor, countyCode: string) {
  return db.$queryRawUnsafe<
    (Columns<Pick<Household, 'villageCode'>> & { poor: number } & Nullable<
        Columns<Pick<Division, 'ruralPopulation'>>
      >)[]
  >(
    `SELECT v.village_code, COALESCE(p.poor, 0)::int AS poor, d.rural_population
           FROM (SELECT DISTINCT village_code FROM household WHERE village_code LIKE $1 || '%') v
           LEFT JOIN (SELECT h.village_code, count(*)::int AS poor FROM person p JOIN household h ON h.id = p.household_id
                       WHERE h.status = 'registered' AND h.village_code LIKE $1 || '%' GROUP BY h.village_code) p USING (village_code)
           LEFT JOIN division d ON d.code = v.village_code
          ORDER BY v.village_code`,
    countyCode,
  );
}

/** Per village: households needing a survey of the year, surveys received, cases still open in the year's rounds. */
export async function villageProgress(db: SqlExecutor, countyCode: string, incomeYear: number, villageCodes: string[]) {
  return db.$queryRawUnsafe<
    (Columns<Pick<Household, 'villageCode'>> & { expected: number; received: number; open_cases: number })[]
  >(
    `SELECT v.village_code,
                (SELECT count(*)::int FROM household h WHERE h.village_code = v.village_code AND h.status IN ('registered', 'applicant')) AS expected,
                (SELECT count(*)::int FROM household h JOIN income_survey s ON s.household_id = h.id AND s.income_year = $2
                  WHERE h.village_code = v.village_code AND h.status IN ('registered', 'applicant')) AS received,
                (SELECT count(*)::int FROM exit_household eh JOIN exit_round er ON er.id = eh.round_id
                  WHERE er.village_code = v.village_code AND er.income_year = $2 AND eh.outcome IS NULL)
              + (SELECT count(*)::int FROM round_household rh JOIN identification_round ir ON ir.id = rh.round_id
                  WHERE ir.village_code = v.village_code AND ir.income_year = $2 AND rh.outcome IS NULL) AS open_cases
           FROM unnest($3::text[]) AS v(village_code)
          WHERE v.village_code LIKE $1 || '%'`,
    countyCode,
    incomeYear,
    villageCodes,
  );
}

export async function campaignCounty(db: SqlExecutor, campaignId: string): Promise<string | null> {
  const campaign = await identificationTx(db).reviewCampaign.findUnique({
    where: { id: campaignId },
    select: { countyCode: true },
  });
  return campaign?.countyCode ?? null;
}

/** One village's rounds of a year are opened by one caller at a time (held to the end of `tx`). */
export async function lockVillageYear(tx: SqlExecutor, villageCode: string, incomeYear: number): Promise<void> {
  await tx.$executeRawUnsafe(
    `SELECT pg_advisory_xact_lock(hashtext('review-rounds:' || $1 || ':' || $2::text))`,
    villageCode,
    incomeYear,
  );
}

/** The village's exit round of the year, if opened. */
export async function exitRoundOfYear(tx: SqlExecutor, villageCode: string, incomeYear: number) {
  const existing = await identificationTx(tx).exitRound.findUnique({
    where: { villageCode_incomeYear: { villageCode, incomeYear } },
    select: { id: true },
  });
  return existing?.id ?? null;
}

/** Registered households surveyed for the year and not inside another unfinished exit. */
export async function exitCandidates(tx: SqlExecutor, villageCode: string, incomeYear: number): Promise<string[]> {
  return (
    await tx.$queryRawUnsafe<Pick<Household, 'id'>[]>(
      `SELECT h.id::text FROM household h
      WHERE h.village_code = $1 AND h.status = 'registered'
        AND EXISTS (SELECT 1 FROM income_survey s WHERE s.household_id = h.id AND s.income_year = $2)
        AND NOT EXISTS (SELECT 1 FROM exit_household eh WHERE eh.household_id = h.id AND eh.outcome IS NULL)
      ORDER BY h.id`,
      villageCode,
      incomeYear,
    )
  ).map((r) => r.id);
}

/** The village's identification round of the year, if opened. */
export async function identificationRoundOfYear(tx: SqlExecutor, villageCode: string, incomeYear: number) {
  const existing = await identificationTx(tx).identificationRound.findUnique({
    where: { villageCode_incomeYear: { villageCode, incomeYear } },
    select: { id: true },
  });
  return existing?.id ?? null;
}

/** The village's applications, oldest first, locked until the round takes them. */
export async function lockApplicants(tx: SqlExecutor, villageCode: string): Promise<string[]> {
  return (
    await tx.$queryRawUnsafe<Pick<Household, 'id'>[]>(
      `SELECT id::text FROM household WHERE village_code = $1 AND status = 'applicant' ORDER BY created_at FOR UPDATE`,
      villageCode,
    )
  ).map((r) => r.id);
}

/** The year's outcomes in the county: registered, exited, kept registered, and monitored now. */
export async function yearOutcomes(db: SqlExecutor, countyCode: string, incomeYear: number) {
  const [r] = await db.$queryRawUnsafe<{ entered: number; exited: number; stayed: number; monitored: number }[]>(
    `SELECT (SELECT count(*)::int FROM round_household rh JOIN identification_round ir ON ir.id = rh.round_id
                  WHERE ir.village_code LIKE $1 || '%' AND ir.income_year = $2 AND rh.outcome = 'registered') AS entered,
                (SELECT count(*)::int FROM exit_household eh JOIN exit_round er ON er.id = eh.round_id
                  WHERE er.village_code LIKE $1 || '%' AND er.income_year = $2 AND eh.outcome = 'exited') AS exited,
                (SELECT count(*)::int FROM exit_household eh JOIN exit_round er ON er.id = eh.round_id
                  WHERE er.village_code LIKE $1 || '%' AND er.income_year = $2 AND eh.outcome = 'stays_registered') AS stayed,
                (SELECT count(*)::int FROM monitored_household m WHERE m.village_code LIKE $1 || '%' AND m.status IN ('monitoring', 'clearing')) AS monitored`,
    countyCode,
    incomeYear,
  );
  return r;
}

/** The campaign finished with its report; null when it was recorded already (a retried activity). */
export async function finishCampaign(tx: SqlExecutor, campaignId: string, report: ReviewReport) {
  const updated = await tx.$queryRawUnsafe<Columns<Pick<ReviewCampaign, 'countyCode' | 'incomeYear'>>[]>(
    `UPDATE review_campaign SET status = 'finished', report = $2::jsonb, finished_at = now() WHERE id = $1::uuid AND status = 'running' RETURNING county_code, income_year`,
    campaignId,
    JSON.stringify(report),
  );
  return updated[0] ?? null;
}
