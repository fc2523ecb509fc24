import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  reviewReport,
  townshipProgress,
  villageReviewStatus,
  type ReviewReport,
  type VillageFigures,
  type VillageReviewProgress,
} from '@fupin/exit-rules';
import { TaskQueues } from '@fupin/workflows';
import {
  type AnnualReviewInput,
  type AnnualReviewView,
  type ReviewActivities,
  type ReviewPhase,
  reviewStateQuery,
} from './definitions';
import { registerActivities } from '../activity-proxies';

const review = registerActivities<ReviewActivities>('5m');

/**
 * 一年一评、有进有出 for one county. Survey collection → every village's exit round (households meeting the criteria)
 * and identification round (new applications) opened in batches and started as child workflows (abandoned on close:
 * each village's procedure has its own life) → progress per township until every case has ended → the report.
 * Long-running (a real campaign lasts weeks): the state is carried over continue-as-new when the history grows.
 */
export async function annualReviewWorkflow(input: AnnualReviewInput): Promise<AnnualReviewView> {
  const { config } = input;
  const carried = input.carried;
  const startedAt = carried?.startedAt ?? new Date().toISOString();
  const started = Date.parse(startedAt);
  const surveyEnd = started + config.surveySeconds * 1000;
  const deadline = started + config.deadlineSeconds * 1000;
  let phase: ReviewPhase = carried?.phase ?? 'surveys';
  let before: VillageFigures[] = carried?.before ?? [];
  let villages: VillageReviewProgress[] = carried?.villages ?? [];
  const opened = new Set(carried?.opened ?? []);
  let report: ReviewReport | null = null;

  function view(): AnnualReviewView {
    const now = Date.now();
    return {
      campaignId: input.campaignId,
      countyCode: input.countyCode,
      incomeYear: input.incomeYear,
      phase,
      startedAt,
      deadlineAt: new Date(deadline).toISOString(),
      surveys: {
        expected: villages.reduce((s, v) => s + v.surveysExpected, 0),
        received: villages.reduce((s, v) => s + Math.min(v.surveysReceived, v.surveysExpected), 0),
      },
      villages: villages.map((v) => ({ ...v, status: villageReviewStatus(v, now, deadline) })),
      townships: townshipProgress(villages, now, deadline),
      report,
    };
  }
  setHandler(reviewStateQuery, view);

  const codes = () => villages.map((v) => v.villageCode);
  async function refresh(): Promise<void> {
    const fresh = new Map(
      (
        await review.reviewProgress({
          countyCode: input.countyCode,
          incomeYear: input.incomeYear,
          villageCodes: codes(),
        })
      ).map((v) => [v.villageCode, v]),
    );
    villages = villages.map((v) => ({ ...(fresh.get(v.villageCode) ?? v), roundsOpened: opened.has(v.villageCode) }));
  }
  async function carryOnIfLong(): Promise<void> {
    if (!workflowInfo().continueAsNewSuggested) return;
    await condition(allHandlersFinished);
    await continueAsNew<typeof annualReviewWorkflow>({
      ...input,
      carried: { startedAt, phase, before, villages, opened: [...opened] },
    });
  }

  if (!carried) {
    before = await review.reviewFigures({ countyCode: input.countyCode });
    villages = before.map((v) => ({
      villageCode: v.villageCode,
      surveysExpected: 0,
      surveysReceived: 0,
      roundsOpened: false,
      openCases: 0,
    }));
  }

  // 1. collect the year's surveys (入户调查): until every registered household has one, or the survey period ends
  while (phase === 'surveys') {
    await refresh();
    if (villages.every((v) => v.surveysReceived >= v.surveysExpected) || Date.now() >= surveyEnd) phase = 'rounds';
    else {
      await sleep(config.checkSeconds * 1000);
      await carryOnIfLong();
    }
  }

  // 2. fan out: each village's exit and identification rounds, opened in batches and started as children
  while (phase === 'rounds') {
    const batch = codes()
      .filter((c) => !opened.has(c))
      .slice(0, config.villageBatch);
    if (batch.length === 0) {
      phase = 'procedures';
      break;
    }
    const rounds = await review.openReviewRounds({
      campaignId: input.campaignId,
      incomeYear: input.incomeYear,
      villageCodes: batch,
    });
    const starts: Promise<unknown>[] = [];
    for (const r of rounds) {
      for (const [type, child] of [
        ['householdExitWorkflow', r.exit],
        ['identificationRoundWorkflow', r.identification],
      ] as const) {
        if (!child) continue;
        starts.push(
          startChild(type, {
            workflowId: child.workflowId,
            args: [child.input],
            taskQueue: TaskQueues.orchestration,
            parentClosePolicy: ParentClosePolicy.ABANDON,
          }).catch((e: unknown) => {
            if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e; // opened by the village already: it is tracked all the same
          }),
        );
      }
    }
    await Promise.all(starts);
    for (const c of batch) opened.add(c);
    // the households just put into rounds are open cases until the next progress read says otherwise
    const cases = new Map(
      rounds.map((r) => [
        r.villageCode,
        (r.exit?.input.households.length ?? 0) + (r.identification?.input.households.length ?? 0),
      ]),
    );
    villages = villages.map((v) =>
      cases.has(v.villageCode) ? { ...v, roundsOpened: true, openCases: cases.get(v.villageCode)! } : v,
    );
    await carryOnIfLong();
  }

  // 3. the villages' procedures run (officials sign, notices run their periods): progress per township
  while (phase === 'procedures') {
    await refresh();
    if (villages.every((v) => v.openCases === 0)) phase = 'report';
    else {
      await sleep(config.checkSeconds * 1000);
      await carryOnIfLong();
    }
  }

  // 4. the report: who entered, who left, incidence per village before and after
  const after = await review.reviewFigures({ countyCode: input.countyCode });
  const outcomes = await review.reviewOutcomes({ countyCode: input.countyCode, incomeYear: input.incomeYear });
  report = reviewReport({ before, after, ...outcomes });
  await review.recordReviewReport({ campaignId: input.campaignId, report });
  phase = 'finished';
  await condition(allHandlersFinished);
  return view();
}
