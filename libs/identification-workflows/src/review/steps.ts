import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { reviewReport } from '@fupin/exit-rules';
import { TaskQueues } from '@fupin/workflows';
import type { AnnualReviewInput, ReviewActivities, VillageRounds } from './definitions';
import type { ReviewCampaign } from './state';
import { registerActivities } from '../activity-proxies';

const review = registerActivities<ReviewActivities>('5m');

/** What the campaign does through activities and child workflows; the state changes stay in ReviewCampaign. */
export class ReviewSteps {
  constructor(
    private readonly input: AnnualReviewInput,
    private readonly c: ReviewCampaign,
  ) {}

  async begin(): Promise<void> {
    this.c.begin(await review.reviewFigures({ countyCode: this.input.countyCode }));
  }

  async refresh(): Promise<void> {
    const { countyCode, incomeYear } = this.input;
    this.c.refreshed(await review.reviewProgress({ countyCode, incomeYear, villageCodes: this.c.codes() }));
  }

  /** Open the next batch of villages' rounds and start them as children; false when every village is open. */
  async openNextBatch(): Promise<boolean> {
    const batch = this.c.unopened(this.input.config.villageBatch);
    if (batch.length === 0) return false;
    const { campaignId, incomeYear } = this.input;
    const rounds = await review.openReviewRounds({ campaignId, incomeYear, villageCodes: batch });
    await Promise.all(rounds.flatMap(startRounds));
    this.c.roundsOpened(batch, rounds);
    return true;
  }

  /** 4. the report: who entered, who left, incidence per village before and after. */
  async report(): Promise<void> {
    const { countyCode, incomeYear, campaignId } = this.input;
    const after = await review.reviewFigures({ countyCode });
    const outcomes = await review.reviewOutcomes({ countyCode, incomeYear });
    this.c.report = reviewReport({ before: this.c.before, after, ...outcomes });
    await review.recordReviewReport({ campaignId, report: this.c.report });
  }
}

/** A village's exit and identification rounds as children, abandoned on close: each has its own life. */
function startRounds(r: VillageRounds): Promise<unknown>[] {
  const children = [
    ['householdExitWorkflow', r.exit],
    ['identificationRoundWorkflow', r.identification],
  ] as const;
  return children.flatMap(([type, child]) =>
    child
      ? [
          startChild(type, {
            workflowId: child.workflowId,
            args: [child.input],
            taskQueue: TaskQueues.orchestration,
            parentClosePolicy: ParentClosePolicy.ABANDON,
          }).catch((e: unknown) => {
            if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e; // opened by the village already: it is tracked all the same
          }),
        ]
      : [],
  );
}
