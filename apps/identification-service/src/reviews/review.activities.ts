import { appendAudit } from '@fupin/audit';
import type { ReviewActivities, VillageRounds } from '@fupin/identification-workflows';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { checkHouseholdsForExit } from '../exits/exit-criteria';
import type { Actor } from '../households/household.repository';
import { exitWorkflowInput, insertExitRound, loadExitRound } from '../exits/exit.repository';
import { insertRound, loadRound, roundWorkflowInput } from '../rounds/round.repository';

/** Activities of the annual review campaign (一年一评): figures, progress, and each village's rounds opened. */
export function reviewActivities(
  runtime: Pick<ServiceRuntime<IdentificationConfig>, 'db' | 'config'>,
): ReviewActivities {
  const db = runtime.db;
  const campaignActor = (countyCode: string) => ({
    subject: 'system:annual-review',
    role: 'system',
    jurisdiction: countyCode,
  });

  return {
    async reviewFigures({ countyCode }) {
      const rows = await db.$queryRawUnsafe<{ village_code: string; poor: number; rural_population: number | null }[]>(
        `SELECT v.village_code, COALESCE(p.poor, 0)::int AS poor, d.rural_population
           FROM (SELECT DISTINCT village_code FROM household WHERE village_code LIKE $1 || '%') v
           LEFT JOIN (SELECT h.village_code, count(*)::int AS poor FROM person p JOIN household h ON h.id = p.household_id
                       WHERE h.status = 'registered' AND h.village_code LIKE $1 || '%' GROUP BY h.village_code) p USING (village_code)
           LEFT JOIN division d ON d.code = v.village_code
          ORDER BY v.village_code`,
        countyCode,
      );
      return rows.map((r) => ({
        villageCode: r.village_code,
        poorNotExited: r.poor,
        ruralPopulation: r.rural_population,
      }));
    },

    async reviewProgress({ countyCode, incomeYear, villageCodes }) {
      const rows = await db.$queryRawUnsafe<
        { village_code: string; expected: number; received: number; open_cases: number }[]
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
      return rows.map((r) => ({
        villageCode: r.village_code,
        surveysExpected: r.expected,
        surveysReceived: r.received,
        roundsOpened: false,
        openCases: r.open_cases,
      }));
    },

    async openReviewRounds({ campaignId, incomeYear, villageCodes }) {
      const campaign = (
        await db.$queryRawUnsafe<{ county_code: string }[]>(
          `SELECT county_code FROM review_campaign WHERE id = $1::uuid`,
          campaignId,
        )
      )[0];
      if (!campaign) throw new Error(`review campaign ${campaignId} not found`);
      const actor = campaignActor(campaign.county_code);
      const out: VillageRounds[] = [];
      // one transaction per village: a retried call finds the rounds already opened and returns them
      for (const villageCode of villageCodes) {
        const opened = await db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(
            `SELECT pg_advisory_xact_lock(hashtext('review-rounds:' || $1 || ':' || $2::text))`,
            villageCode,
            incomeYear,
          );
          return {
            exit: await openExitRoundOf(tx, villageCode, incomeYear, actor, runtime.config),
            identification: await openIdentificationRoundOf(tx, villageCode, incomeYear, actor),
          };
        });
        const result: VillageRounds = { villageCode };
        const exitRound = opened.exit ? await loadExitRound(db, opened.exit) : null;
        if (exitRound)
          result.exit = {
            workflowId: exitRound.workflow_id,
            input: await exitWorkflowInput(db, exitRound, runtime.config.exit.round),
          };
        const identificationRound = opened.identification ? await loadRound(db, opened.identification) : null;
        if (identificationRound)
          result.identification = {
            workflowId: identificationRound.workflow_id,
            input: await roundWorkflowInput(db, identificationRound, runtime.config.procedure),
          };
        out.push(result);
      }
      return out;
    },

    async reviewOutcomes({ countyCode, incomeYear }) {
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
      return { entered: r.entered, exited: r.exited, stayedRegistered: r.stayed, monitored: r.monitored };
    },

    async recordReviewReport({ campaignId, report }) {
      await db.$transaction(async (tx) => {
        const updated = await tx.$queryRawUnsafe<{ county_code: string; income_year: number }[]>(
          `UPDATE review_campaign SET status = 'finished', report = $2::jsonb, finished_at = now() WHERE id = $1::uuid AND status = 'running' RETURNING county_code, income_year`,
          campaignId,
          JSON.stringify(report),
        );
        if (!updated[0]) return; // recorded already (a retried activity)
        await appendAudit(tx, {
          actorSubject: 'system:annual-review',
          actorRole: 'system',
          jurisdiction: updated[0].county_code,
          action: 'review.finished',
          subjectType: 'review_campaign',
          subjectId: campaignId,
          after: {
            entered: report.entered,
            exited: report.exited,
            stayedRegistered: report.stayedRegistered,
            monitored: report.monitored,
            county: report.county,
          },
          reason: `${updated[0].income_year}年度一年一评完成 / annual review of ${updated[0].income_year} finished`,
        });
      });
    },
  };
}

/** The village's exit round of the year: the existing one, or a new one for registered households meeting the criteria (none: null). */
async function openExitRoundOf(
  tx: SqlExecutor,
  villageCode: string,
  incomeYear: number,
  actor: Actor,
  config: IdentificationConfig,
): Promise<string | null> {
  const existing = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM exit_round WHERE village_code = $1 AND income_year = $2`,
    villageCode,
    incomeYear,
  );
  if (existing[0]) return existing[0].id;
  // registered, surveyed for the year, not inside another unfinished exit
  const candidates = (
    await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT h.id::text FROM household h
      WHERE h.village_code = $1 AND h.status = 'registered'
        AND EXISTS (SELECT 1 FROM income_survey s WHERE s.household_id = h.id AND s.income_year = $2)
        AND NOT EXISTS (SELECT 1 FROM exit_household eh WHERE eh.household_id = h.id AND eh.outcome IS NULL)
      ORDER BY h.id`,
      villageCode,
      incomeYear,
    )
  ).map((r) => r.id);
  if (candidates.length === 0) return null;
  const checks = await checkHouseholdsForExit(tx, candidates, {
    policyOverrides: config.policyOverrides,
    stability: config.exit.stability,
  });
  const meeting = candidates.filter((id) => checks.get(id)?.ok && checks.get(id)!.perCapitaFen !== null);
  if (meeting.length === 0) return null;
  const { roundId } = await insertExitRound(
    tx,
    { villageCode, incomeYear, perCapitaFen: new Map(meeting.map((id) => [id, checks.get(id)!.perCapitaFen])) },
    actor,
    '一年一评：达到退出标准，拟退出 / annual review: meets the exit criteria, proposed for exit',
  );
  return roundId;
}

/** The village's identification round of the year: the existing one, or a new one for its applications (none: null). */
async function openIdentificationRoundOf(
  tx: SqlExecutor,
  villageCode: string,
  incomeYear: number,
  actor: Actor,
): Promise<string | null> {
  const existing = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM identification_round WHERE village_code = $1 AND income_year = $2`,
    villageCode,
    incomeYear,
  );
  if (existing[0]) return existing[0].id;
  const applicants = (
    await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text FROM household WHERE village_code = $1 AND status = 'applicant' ORDER BY created_at FOR UPDATE`,
      villageCode,
    )
  ).map((r) => r.id);
  if (applicants.length === 0) return null;
  const { roundId } = await insertRound(tx, villageCode, incomeYear, applicants, actor);
  return roundId;
}
