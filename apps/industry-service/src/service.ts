import { baseServiceConfigSchema, loadConfig, type BaseServiceConfig } from '@fupin/config';
import { type RunningService, launchService, platformActivities } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { AppModule } from './app.module';
import { createDb } from './db';

export const SERVICE_NAME = 'industry-service';

/** industry-service 产业扶贫 — skeleton: platform runtime (DB, outbox relay, Kafka, Temporal worker), health, metrics, docs. */
export async function startService(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService<BaseServiceConfig>> {
  const config = loadConfig(SERVICE_NAME, baseServiceConfigSchema('INDUSTRY'), env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      topics: [],
      taskQueue: TaskQueues.industry,
      activities: (runtime) => platformActivities(runtime),
    },
    (runtime) => AppModule.forRoot(runtime),
    {
      title: 'industry-service 产业扶贫',
      description:
        'Industry support menu: equity dividends, microcredit, fiscal production support, employment, project fund checkpoints.',
    },
  );
}
