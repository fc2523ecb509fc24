import { contracts } from '@fupin/contracts';
import { type RunningService, launchService, platformActivities } from '@fupin/service-kit';
import { AppModule } from './app.module';
import { type NoticeConfig, SERVICE_NAME, loadNoticeConfig } from './config';
import { createDb } from './db';
import { noticeActivities } from './notices/activities';

export { SERVICE_NAME };

/**
 * notice-service 公示公告: public notices as batches of households, opened and closed by the procedures'
 * workflows (activities on the notice task queue), read by anyone with personal data masked; objections
 * from anyone, rate-limited and stored before the receipt is given; answers looked up by receipt code.
 */
export async function startService(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningService<NoticeConfig>> {
  const config = loadNoticeConfig(env);
  return launchService(
    {
      name: SERVICE_NAME,
      config,
      db: createDb(config.databaseUrl),
      topics: [contracts.noticeOpened.topic, contracts.objectionFiled.topic],
      taskQueue: config.taskQueue,
      activities: (runtime) => ({ ...platformActivities(runtime), ...noticeActivities(runtime) }),
    },
    (runtime) => AppModule.forRoot(runtime),
    {
      title: 'notice-service 公示公告',
      description: 'Public notices and announcements with masked personal data, and objections from anyone.',
    },
  );
}
