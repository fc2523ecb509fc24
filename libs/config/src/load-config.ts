import { z } from 'zod';

/** Thrown at boot when the environment does not describe a runnable service. Lists every problem at once. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid configuration (配置无效):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validate `env` against `schema` and return the typed config, or throw ConfigError naming each
 * variable and what is wrong with it. Services call this before anything else so they fail fast.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `${variable}: ${issue.message}`;
  });
  throw new ConfigError(service, problems);
}

/** Helpers for env values, which are always strings. */
export const envPort = () => z.coerce.number().int().min(0).max(65535);
export const envUrl = (protocols: string[]) =>
  z.string({ error: 'is required' }).refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    `must be a URL with scheme ${protocols.join(' or ')}`,
  );
export const envList = () =>
  z
    .string({ error: 'is required' })
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((v) => v.length > 0, 'must list at least one value');
export const envBool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));
export const envDurationMs = (fallbackMs: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return fallbackMs;
      const ms = parseDurationMs(v);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration (e.g. 500ms, 30s, 5m, 7d)` });
        return z.NEVER;
      }
      return ms;
    });

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export function parseDurationMs(text: string): number | null {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  return m ? Number(m[1]) * units[m[2]] : null;
}
