import { Module, type DynamicModule } from '@nestjs/common';
import { baseServiceConfigSchema, loadConfig, type BaseServiceConfig } from '@fupin/config';
import { contracts } from '@fupin/contracts';
import {
  type RunningService,
  type ServiceRuntime,
  ServiceKitModule,
  launchService,
  platformActivities,
  startServiceConsumer,
} from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { createDb } from './db';
import { RegisteredHouseholdController } from './households/household.controller';
import { householdExitedHandler, householdRegisteredHandler } from './households/household-registered.handler';

export const SERVICE_NAME = 'relocation-service';

@Module({})
class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.forRoot(runtime)],
      controllers: [RegisteredHouseholdController],
    };
  }
}

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
            [contracts.householdRegistered.type]: householdRegisteredHandler,
            [contracts.householdExited.type]: householdExitedHandler,
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
