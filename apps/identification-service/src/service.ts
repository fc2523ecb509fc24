import { Module, type DynamicModule } from '@nestjs/common';
import { baseServiceConfigSchema, loadConfig, type BaseServiceConfig } from '@fupin/config';
import { contracts } from '@fupin/contracts';
import { type RunningService, type ServiceRuntime, ServiceKitModule, launchService, platformActivities } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { createDb } from './db';
import { HouseholdController } from './households/household.controller';
import { SurveyController } from './surveys/survey.controller';

export const SERVICE_NAME = 'identification-service';

@Module({})
class AppModule {
  static forRoot(runtime: ServiceRuntime<BaseServiceConfig>): DynamicModule {
    return { module: AppModule, imports: [ServiceKitModule.forRoot(runtime)], controllers: [HouseholdController, SurveyController] };
  }
}

/** 精准识别 — the register of poor households. */
export async function startService(env: Record<string, string | undefined> = process.env): Promise<RunningService<BaseServiceConfig>> {
  const config = loadConfig(SERVICE_NAME, baseServiceConfigSchema('IDENTIFICATION'), env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      topics: [contracts.householdRegistered.topic],
      taskQueue: TaskQueues.identification,
      activities: (runtime) => platformActivities(runtime),
    },
    (runtime) => AppModule.forRoot(runtime),
    { title: 'identification-service 精准识别', description: 'The register of poor households (建档立卡) and the identification procedure.' },
  );
}
