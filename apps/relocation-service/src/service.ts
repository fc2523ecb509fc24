import { baseServiceConfigSchema, loadConfig, type BaseServiceConfig } from '@fupin/config';
import { contracts } from '@fupin/contracts';
import { type RunningService, launchService, platformActivities, startServiceConsumer } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { AppModule } from './app.module';
import { createDb } from './db';
import { householdExitedHandler, householdRegisteredHandler } from './households/household-registered.handler';

export const SERVICE_NAME = 'relocation-service';

/** relocation-service 易地扶贫搬迁 — knows the registered households (household.registered); relocation cases come next. */
export async function startService(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService<BaseServiceConfig>> {
  const config = loadConfig(SERVICE_NAME, baseServiceConfigSchema('RELOCATION'), env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      topics: [contracts.householdRegistered.topic],
      taskQueue: TaskQueues.relocation,
      activities: (runtime) => platformActivities(runtime),
      consumers: async (runtime) => [
        await startServiceConsumer(runtime, {
          groupId: `${SERVICE_NAME}.households`,
          topics: [contracts.householdRegistered.topic],
          handlers: {
            [contracts.householdRegistered.type]: householdRegisteredHandler(runtime),
            [contracts.householdExited.type]: householdExitedHandler(runtime),
          },
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
