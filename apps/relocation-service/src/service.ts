import { contracts } from '@fupin/contracts';
import { type RunningService, launchService, platformActivities, startServiceConsumer } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { AppModule } from './app.module';
import { relocationCaseActivities } from './case-workflow/case-workflow.activities';
import { employmentPlacedHandler } from './case-workflow/employment-placed.handler';
import { type RelocationConfig, loadRelocationConfig } from './config';
import { createDb } from './db';
import {
  householdExitedHandler,
  householdRegisteredHandler,
  householdUpdatedHandler,
} from './households/household-registered.handler';

export const SERVICE_NAME = 'relocation-service';

/**
 * relocation-service 易地扶贫搬迁 — the registered households (household.registered), designated areas, resettlement
 * sites, and each household's case from consent to follow-up with its subsidy tranches paid once.
 */
export async function startService(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService<RelocationConfig>> {
  const config = loadRelocationConfig(env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      // the topic it consumes, and the one its cases publish on (relocation.case, through the outbox)
      topics: [
        contracts.householdRegistered.topic,
        contracts.relocationConsented.topic,
        contracts.employmentPlaced.topic,
      ],
      taskQueue: TaskQueues.relocation,
      activities: (runtime) => ({ ...platformActivities(runtime), ...relocationCaseActivities(runtime) }),
      consumers: async (runtime) => [
        await startServiceConsumer(runtime, {
          groupId: `${SERVICE_NAME}.households`,
          topics: [contracts.householdRegistered.topic],
          handlers: {
            [contracts.householdRegistered.type]: householdRegisteredHandler(runtime),
            [contracts.householdExited.type]: householdExitedHandler(runtime),
            [contracts.householdUpdated.type]: householdUpdatedHandler(runtime),
          },
        }),
        // 就业扶贫 → 后续扶持: a placement counts as the follow-up support of a moved-in case
        await startServiceConsumer(runtime, {
          groupId: `${SERVICE_NAME}.employment`,
          topics: [contracts.employmentPlaced.topic],
          handlers: { [contracts.employmentPlaced.type]: employmentPlacedHandler(runtime) },
        }),
      ],
    },
    (runtime) => AppModule.forRoot(runtime),
    {
      title: 'relocation-service 易地扶贫搬迁',
      description:
        'Relocation of households whose land cannot support them: consent, resettlement, subsidies in tranches.',
    },
  );
}
