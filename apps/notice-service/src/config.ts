import { z } from 'zod';
import { baseServiceConfigSchema, loadConfig } from '@fupin/config';
import { type RateLimit, isKnownTimeZone, parseRateLimit } from '@fupin/notice-rules';
import { TaskQueues } from '@fupin/workflows';

export const SERVICE_NAME = 'notice-service';

/**
 * notice-service settings: the platform's (NOTICE_DATABASE_URL, NOTICE_PORT, …) plus its own.
 *  - NOTICE_OBJECTION_RATE_LIMIT   objections per client and window, e.g. `5/1m` (default), `20/1h`
 *  - NOTICE_DISPLAY_TIME_ZONE      IANA zone for the local times shown with notices (default Asia/Shanghai)
 *  - NOTICE_TRUSTED_PROXY_HOPS     reverse proxies in front of the service that append X-Forwarded-For (default 0:
 *                                  the client is the TCP peer). With n hops the client is the n-th address from the right.
 *  - NOTICE_TASK_QUEUE             the activity task queue (default `notice`; tests isolate themselves with their own)
 */
export function loadNoticeConfig(env: Record<string, string | undefined> = process.env) {
  const base = loadConfig(SERVICE_NAME, baseServiceConfigSchema('NOTICE'), env);
  const own = loadConfig(
    SERVICE_NAME,
    z.object({
      NOTICE_OBJECTION_RATE_LIMIT: z
        .string()
        .default('5/1m')
        .transform((v, ctx): RateLimit => {
          try {
            return parseRateLimit(v);
          } catch (e) {
            ctx.addIssue({ code: 'custom', message: (e as Error).message });
            return z.NEVER;
          }
        }),
      NOTICE_DISPLAY_TIME_ZONE: z
        .string()
        .default('Asia/Shanghai')
        .refine(isKnownTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai'),
      NOTICE_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
      NOTICE_TASK_QUEUE: z
        .string()
        .regex(/^[A-Za-z0-9._:-]{1,200}$/, 'must be a task queue name')
        .default(TaskQueues.notice),
    }),
    env,
  );
  return {
    ...base,
    objectionRateLimit: own.NOTICE_OBJECTION_RATE_LIMIT,
    displayTimeZone: own.NOTICE_DISPLAY_TIME_ZONE,
    trustedProxyHops: own.NOTICE_TRUSTED_PROXY_HOPS,
    taskQueue: own.NOTICE_TASK_QUEUE,
  };
}

export type NoticeConfig = ReturnType<typeof loadNoticeConfig>;
