import { contracts } from '@fupin/contracts';
import { type RunningService, platformActivities, launchService, startServiceConsumer } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { AppModule } from './app.module';
import { type MedicalAidConfig, loadMedicalAidConfig } from './config';
import { createDb } from './db';
import { medicalAidActivities } from './enrollment/activities';
import { claimActivities } from './claims/claim.activities';
import { ensureMonthlyReportSchedule, monthlyReportActivities } from './reports/monthly-report';
import { householdRegisteredHandler } from './enrollment/household-registered.handler';
import { householdExitedHandler } from './enrollment/household-exited.handler';

export const SERVICE_NAME = 'medical-aid-service';

/** 健康扶贫/医疗救助 — medical aid for registered poor people. */
export async function startService(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService<MedicalAidConfig>> {
  const config = loadMedicalAidConfig(env);
  const running = await launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      topics: [contracts.householdRegistered.topic, contracts.enrollmentDecided.topic, contracts.claimSettled.topic],
      taskQueue: TaskQueues.medicalAid,
      activities: (runtime) => ({
        ...platformActivities(runtime),
        ...medicalAidActivities(runtime),
        ...claimActivities(runtime),
        ...monthlyReportActivities(runtime),
      }),
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
      title: 'medical-aid-service 健康扶贫/医疗救助',
      description: 'Medical aid for registered poor people: enrollment, claims and one-stop settlement.',
    },
  );
  await ensureMonthlyReportSchedule(running.runtime);
  return running;
}
