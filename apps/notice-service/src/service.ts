import { baseServiceConfigSchema, loadConfig, type BaseServiceConfig } from '@fupin/config';
import { type RunningService, ServiceKitModule, launchService, platformActivities } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { createDb } from './db';

export const SERVICE_NAME = 'notice-service';

/** notice-service 公示公告 — skeleton: platform runtime (DB, outbox relay, Kafka, Temporal worker), health, metrics, docs. */
export async function startService(env: Record<string, string | undefined> = process.env): Promise<RunningService<BaseServiceConfig>> {
  const config = loadConfig(SERVICE_NAME, baseServiceConfigSchema('NOTICE'), env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      topics: [],
      taskQueue: TaskQueues.notice,
      activities: (runtime) => platformActivities(runtime),
    },
    (runtime) => ServiceKitModule.forRoot(runtime),
    { title: 'notice-service 公示公告', description: 'Public notices and announcements with masked personal data, and objections from anyone.' },
  );
}
