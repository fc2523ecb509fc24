import { Module, type DynamicModule } from '@nestjs/common';
import { contracts } from '@fupin/contracts';
import { type RunningService, type ServiceRuntime, ServiceKitModule, launchService, platformActivities, startServiceConsumer } from '@fupin/service-kit';
import { type IdentificationConfig, loadIdentificationConfig } from './config';
import { identificationActivities } from './rounds/activities';
import { objectionFiledHandler } from './rounds/objection-filed.handler';
import { RoundController } from './rounds/round.controller';
import { TaskQueues } from '@fupin/workflows';
import { createDb } from './db';
import { HouseholdController } from './households/household.controller';
import { SurveyController } from './surveys/survey.controller';
import { DivisionController } from './divisions/division.controller';
import { RosterImportController } from './imports/imports.controller';
import { ExclusionController } from './exclusions/exclusions.controller';

export const SERVICE_NAME = 'identification-service';

@Module({})
class AppModule {
  static forRoot(runtime: ServiceRuntime<IdentificationConfig>): DynamicModule {
    return { module: AppModule, imports: [ServiceKitModule.forRoot(runtime)], controllers: [DivisionController, HouseholdController, SurveyController, RoundController, RosterImportController, ExclusionController] };
  }
}

/** 精准识别 — the register of poor households. */
export async function startService(env: Record<string, string | undefined> = process.env): Promise<RunningService<IdentificationConfig>> {
  const config = loadIdentificationConfig(env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      topics: [contracts.householdRegistered.topic, contracts.identificationDecided.topic, contracts.objectionFiled.topic],
      taskQueue: TaskQueues.identification,
      activities: (runtime) => ({ ...platformActivities(runtime), ...identificationActivities(runtime) }),
      consumers: async (runtime) => [
        await startServiceConsumer(runtime, {
          groupId: `${SERVICE_NAME}.objections`,
          topics: [contracts.objectionFiled.topic],
          handlers: { [contracts.objectionFiled.type]: objectionFiledHandler(runtime) },
        }),
      ],
    },
    (runtime) => AppModule.forRoot(runtime),
    { title: 'identification-service 精准识别', description: 'The register of poor households (建档立卡) and the identification procedure.' },
  );
}
