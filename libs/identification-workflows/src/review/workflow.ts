import { allHandlersFinished, condition, continueAsNew, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { type AnnualReviewInput, type AnnualReviewView, reviewStateQuery } from './definitions';
import { ReviewCampaign } from './state';
import { ReviewSteps } from './steps';

/**
 * 一年一评、有进有出 for one county. Survey collection → every village's exit round (households meeting the criteria)
 * and identification round (new applications) opened in batches and started as child workflows (abandoned on close:
 * each village's procedure has its own life) → progress per township until every case has ended → the report.
 * Long-running (a real campaign lasts weeks): the state is carried over continue-as-new when the history grows.
 */
export async function annualReviewWorkflow(input: AnnualReviewInput): Promise<AnnualReviewView> {
  const c = new ReviewCampaign(input, Date.now());
  const steps = new ReviewSteps(input, c);
  setHandler(reviewStateQuery, () => c.view(Date.now()));
  const wait = () => sleep(input.config.checkSeconds * 1000);
  async function carryOnIfLong(): Promise<void> {
    if (!workflowInfo().continueAsNewSuggested) return;
    await condition(allHandlersFinished);
    await continueAsNew<typeof annualReviewWorkflow>({ ...input, carried: c.carried() });
  }

  if (!input.carried) await steps.begin();
  // 1. collect the year's surveys (入户调查): until every registered household has one, or the survey period ends
  while (c.phase === 'surveys') {
    await steps.refresh();
    if (c.surveysDone(Date.now())) c.phase = 'rounds';
    else await wait().then(carryOnIfLong);
  }
  // 2. fan out: each village's exit and identification rounds, opened in batches and started as children
  while (c.phase === 'rounds') {
    if (!(await steps.openNextBatch())) c.phase = 'procedures';
    else await carryOnIfLong();
  }
  // 3. the villages' procedures run (officials sign, notices run their periods): progress per township
  while (c.phase === 'procedures') {
    await steps.refresh();
    if (c.proceduresDone()) c.phase = 'report';
    else await wait().then(carryOnIfLong);
  }
  await steps.report();
  c.phase = 'finished';
  await condition(allHandlersFinished);
  return c.view(Date.now());
}
