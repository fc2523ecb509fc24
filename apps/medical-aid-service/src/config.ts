import { z } from 'zod';
import { baseServiceConfigSchema, envDurationMs, loadConfig } from '@fupin/config';

const DAY = 86_400_000;

export function loadMedicalAidConfig(env: Record<string, string | undefined> = process.env) {
  const base = loadConfig('medical-aid-service', baseServiceConfigSchema('MEDICAL_AID'), env);
  const own = loadConfig('medical-aid-service', z.object({ ENROLLMENT_DECISION_TIMEOUT: envDurationMs(7 * DAY) }), env);
  return { ...base, enrollmentDecisionTimeoutMs: own.ENROLLMENT_DECISION_TIMEOUT };
}

export type MedicalAidConfig = ReturnType<typeof loadMedicalAidConfig>;
