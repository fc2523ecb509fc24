import { appendAudit } from '@fupin/audit';
import type { ReviewActivities, VillageRounds } from '@fupin/identification-workflows';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { checkHouseholdsForExit } from '../exits/exit-criteria';
import type { Actor } from '../households/household.repository';
import { exitWorkflowInput, insertExitRound, loadExitRound } from '../exits/exit.repository';
import { insertRound, loadRound, roundWorkflowInput } from '../rounds/round.repository';
import {
  campaignCounty,
  exitCandidates,
  exitRoundOfYear,
  finishCampaign,
  identificationRoundOfYear,
  lockApplicants,
  lockVillageYear,
  villageFigures,
  villageProgress,
  yearOutcomes,
} from './review.repository';

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
      const rows = await villageFigures(db, countyCode);
      return rows.map((r) => ({
        villageCode: r.village_code,
        poorNotExited: r.poor,
        ruralPopulation: r.rural_population,
      }));
    },

    async reviewProgress({ countyCode, incomeYear, villageCodes }) {
      const rows = await villageProgress(db, countyCode, incomeYear, villageCodes);
      return rows.map((r) => ({
        villageCode: r.village_code,
        surveysExpected: r.expected,
        surveysReceived: r.received,
        roundsOpened: false,
        openCases: r.open_cases,
      }));
    },

    async openReviewRounds({ campaignId, incomeYear, villageCodes }) {
      const countyCode = await campaignCounty(db, campaignId);
      if (countyCode === null) throw new Error(`review campaign ${campaignId} not found`);
      const actor = campaignActor(countyCode);
      const out: VillageRounds[] = [];
      // one transaction per village: a retried call finds the rounds already opened and returns them
      for (const villageCode of villageCodes) {
        const opened = await db.$transaction(async (tx) => {
          await lockVillageYear(tx, villageCode, incomeYear);
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
      const r = await yearOutcomes(db, countyCode, incomeYear);
      return { entered: r.entered, exited: r.exited, stayedRegistered: r.stayed, monitored: r.monitored };
    },

    async recordReviewReport({ campaignId, report }) {
      await db.$transaction(async (tx) => {
        const updated = await finishCampaign(tx, campaignId, report);
        if (!updated) return; // recorded already (a retried activity)
        await appendAudit(tx, {
          actorSubject: 'system:annual-review',
          actorRole: 'system',
          jurisdiction: updated.county_code,
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
          reason: `${updated.income_year}年度一年一评完成 / annual review of ${updated.income_year} finished`,
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
  const existing = await exitRoundOfYear(tx, villageCode, incomeYear);
  if (existing) return existing;
  // registered, surveyed for the year, not inside another unfinished exit
  const candidates = await exitCandidates(tx, villageCode, incomeYear);
  if (candidates.length === 0) return null;
  const checks = await checkHouseholdsForExit(tx, candidates, {
    policyOverrides: config.policyOverrides,
    stability: config.exit.stability,
    incomeYear,
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
  const existing = await identificationRoundOfYear(tx, villageCode, incomeYear);
  if (existing) return existing;
  const applicants = await lockApplicants(tx, villageCode);
  if (applicants.length === 0) return null;
  const { roundId } = await insertRound(tx, villageCode, incomeYear, applicants, actor);
  return roundId;
}
