import { contracts } from '@fupin/contracts';
import { type RunningService, launchService, platformActivities, startServiceConsumer } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { AppModule } from './app.module';
import { type IndustryConfig, loadIndustryConfig } from './config';
import { createDb } from './db';
import { dividendActivities } from './dividends/dividend.activities';
import { householdExitedHandler, householdRegisteredHandler } from './households/household-registered.handler';
import { microcreditActivities } from './loans/loan.activities';
import { projectFundsActivities } from './project-funds/project-funds.activities';

export const SERVICE_NAME = 'industry-service';

/**
 * industry-service 产业扶贫 — the registered households it serves (household.registered, household.exited),
 * partners (经营主体), projects (一村一品) and the loan schedule preview; the loan, dividend and fund workflows follow
 * (issue 14).
 */
export async function startService(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService<IndustryConfig>> {
  const config = loadIndustryConfig(env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      // consumed, and produced through the outbox (created at start when missing)
      topics: [
        contracts.householdRegistered.topic,
        contracts.loanDisbursed.topic,
        contracts.dividendDue.topic,
        contracts.employmentPlaced.topic,
        contracts.incomeRecorded.topic,
        contracts.industryNoLabour.topic,
      ],
      taskQueue: TaskQueues.industry,
      activities: (runtime) => ({
        ...platformActivities(runtime),
        ...projectFundsActivities(runtime),
        ...microcreditActivities(runtime),
        ...dividendActivities(runtime),
      }),
      consumers: async (runtime) => [
        await startServiceConsumer(runtime, {
          groupId: `${SERVICE_NAME}.households`,
          topics: [contracts.householdRegistered.topic],
          handlers: {
            [contracts.householdRegistered.type]: householdRegisteredHandler(),
            [contracts.householdExited.type]: householdExitedHandler(),
          },
        }),
      ],
    },
    (runtime) => AppModule.forRoot(runtime),
    {
      title: 'industry-service 产业扶贫',
      description:
        'Industry support menu: equity dividends, microcredit, fiscal production support, employment, project fund checkpoints.',
    },
  );
}
