import { Module, type DynamicModule } from '@nestjs/common';
import { contracts } from '@fupin/contracts';
import {
  type RunningService,
  type ServiceRuntime,
  ServiceKitModule,
  launchService,
  platformActivities,
  startServiceConsumer,
} from '@fupin/service-kit';
import { type IdentificationConfig, loadIdentificationConfig } from './config';
import { identificationActivities } from './rounds/activities';
import { objectionFiledHandler } from './rounds/objection-filed.handler';
import { RoundModule } from './rounds/round.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { monitoringActivities } from './monitoring/activities';
import { claimSettledHandler } from './monitoring/claim-settled.handler';
import { ExitModule } from './exits/exit.module';
import { exitActivities } from './exits/exit.activities';
import { ReviewModule } from './reviews/review.module';
import { reviewActivities } from './reviews/review.activities';
import { IncidenceModule } from './incidence/incidence.module';
import { StatisticsModule } from './statistics/statistics.module';
import { VillageExitModule } from './village-exits/village-exit.module';
import { WorkItemModule } from './work-items/work-item.module';
import { villageExitActivities } from './village-exits/activities';
import { AssessmentModule } from './assessments/assessment.module';
import { TaskQueues } from '@fupin/workflows';
import { createDb } from './db';
import { HouseholdModule } from './households/household.module';
import { SurveyModule } from './surveys/survey.module';
import { DivisionModule } from './divisions/division.module';
import { ImportModule } from './imports/import.module';
import { ExclusionModule } from './exclusions/exclusion.module';
import { importJobActivities } from './imports/import-job.activities';
import { ScreeningModule } from './screenings/screening.module';
import { screeningActivities } from './screenings/screening.activities';
import { relocationCompletedHandler } from './households/relocation-completed.handler';
import { housingRenovatedHandler } from './households/housing-renovated.handler';
import { incomeRecordedHandler } from './surveys/income-recorded.handler';

export const SERVICE_NAME = 'identification-service';
/** relocation-service's events recorded on the household (one topic today; a set, should they part). */
const relocationTopics = [...new Set([contracts.relocationCompleted.topic, contracts.housingRenovated.topic])];

@Module({})
class AppModule {
  static forRoot(runtime: ServiceRuntime<IdentificationConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot(runtime),
        HouseholdModule,
        RoundModule,
        ExitModule,
        ReviewModule,
        MonitoringModule,
        VillageExitModule,
        WorkItemModule,
        DivisionModule,
        SurveyModule,
        ImportModule,
        ExclusionModule,
        IncidenceModule,
        StatisticsModule,
        AssessmentModule,
        ScreeningModule,
      ],
    };
  }
}

/** 精准识别 — the register of poor households. */
export async function startService(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService<IdentificationConfig>> {
  const config = loadIdentificationConfig(env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      topics: [
        contracts.householdRegistered.topic,
        contracts.identificationDecided.topic,
        contracts.objectionFiled.topic,
        contracts.claimSettled.topic,
        contracts.villageExited.topic,
        ...relocationTopics,
        contracts.incomeRecorded.topic,
      ],
      taskQueue: TaskQueues.identification,
      activities: (runtime) => ({
        ...platformActivities(runtime),
        ...identificationActivities(runtime),
        ...exitActivities(runtime),
        ...reviewActivities(runtime),
        ...monitoringActivities(runtime),
        ...villageExitActivities(runtime),
        ...importJobActivities(runtime),
        ...screeningActivities(runtime),
      }),
      consumers: async (runtime) => [
        await startServiceConsumer(runtime, {
          groupId: `${SERVICE_NAME}.objections`,
          topics: [contracts.objectionFiled.topic],
          handlers: { [contracts.objectionFiled.type]: objectionFiledHandler(runtime) },
        }),
        // 易地扶贫搬迁: a completed relocation is recorded on the household (销号标识); 危房改造: the renovated house's grade
        await startServiceConsumer(runtime, {
          groupId: `${SERVICE_NAME}.relocations`,
          topics: relocationTopics,
          handlers: {
            [contracts.relocationCompleted.type]: relocationCompletedHandler(),
            [contracts.housingRenovated.type]: housingRenovatedHandler(runtime),
          },
        }),
        // 产业扶贫: dividends, wages and production income kept as known income for the next survey (六算) to show
        await startServiceConsumer(runtime, {
          groupId: `${SERVICE_NAME}.industry-income`,
          topics: [contracts.incomeRecorded.topic],
          handlers: { [contracts.incomeRecorded.type]: incomeRecordedHandler(runtime) },
        }),
        // 防止返贫监测: a large medical claim of a monitored household's member triggers a re-check
        await startServiceConsumer(runtime, {
          groupId: `${SERVICE_NAME}.monitoring-claims`,
          topics: [contracts.claimSettled.topic],
          handlers: { [contracts.claimSettled.type]: claimSettledHandler(runtime) },
        }),
      ],
    },
    (runtime) => AppModule.forRoot(runtime),
    {
      title: 'identification-service 精准识别',
      description: 'The register of poor households (建档立卡) and the identification procedure.',
    },
  );
}
