import pino, { type Logger, type LevelWithSilent } from 'pino';
import { currentRequestContext } from './request-context';

export type { Logger } from 'pino';

/** Structured JSON logs: one object per line, UTC timestamps, service name, request id when inside a request. */
export function createLogger(service: string, level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const ctx = currentRequestContext();
      return ctx ? { requestId: ctx.requestId } : {};
    },
    redact: { paths: ['req.headers.authorization', '*.idNumber', '*.phone'], censor: '[redacted]' },
  });
}
