import { baseServiceConfigSchema, loadConfig, type BaseServiceConfig } from '@fupin/config';
import { type RunningService, ServiceKitModule, launchService, platformActivities } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { createDb } from './db';

export const SERVICE_NAME = 'relocation-service';

/** relocation-service 易地扶贫搬迁 — skeleton: platform runtime (DB, outbox relay, Kafka, Temporal worker), health, metrics, docs. */
export async function startService(env: Record<string, string | undefined> = process.env): Promise<RunningService<BaseServiceConfig>> {
  const config = loadConfig(SERVICE_NAME, baseServiceConfigSchema('RELOCATION'), env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      topics: [],
      taskQueue: TaskQueues.relocation,
      activities: (runtime) => platformActivities(runtime),
    },
    (runtime) => ServiceKitModule.forRoot(runtime),
    { title: 'relocation-service 易地扶贫搬迁', description: 'Relocation of households whose land cannot support them: consent, resettlement, subsidies in tranches.' },
  );
}
