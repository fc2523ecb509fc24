import type { RuleViolation } from '@fupin/identification-rules';
import { seededRandom } from './prng';

/**
 * 第三方评估抽样: a reproducible random sample of households for a county's third-party assessment, about half
 * inside the register (建档立卡户) and half outside (非建档立卡户).
 *
 * Reproducibility: the result depends only on the SET of ids of each group, its size and the seed:
 * - each group's ids are sorted by UTF-16 code units first, so the order the ids are passed in does not matter;
 * - each group draws from its own stream (`SAMPLE_ALGORITHM` + group + seed), so the inside sample does not change
 *   when the outside list or size changes, and vice versa;
 * - without replacement (partial Fisher–Yates over the sorted ids, unbiased integers), every subset of the
 *   requested size equally likely; ids are returned in draw order;
 * - a size larger than the group is clamped to the group's size (`clamped` says so).
 * Record `seed` and `algorithm` with the sample; anyone can re-draw it.
 */

export const SAMPLE_ALGORITHM = 'fupin-sample-v1:cyrb128+xoshiro128**+fisher-yates';

export interface AssessmentSampleRequest {
  /** Household ids inside the register. */
  inside: readonly string[];
  /** Household ids outside the register. */
  outside: readonly string[];
  insideSize: number;
  outsideSize: number;
  /** Published seed, e.g. chosen publicly by the assessors. Non-empty. */
  seed: string;
}

export interface AssessmentSample {
  inside: string[];
  outside: string[];
  requested: { insideSize: number; outsideSize: number };
  clamped: { inside: boolean; outside: boolean };
  seed: string;
  algorithm: typeof SAMPLE_ALGORITHM;
}

/** Split a total sample size in two halves, the odd one going inside: 101 → 51 inside, 50 outside. */
export function splitSampleSize(total: number): { insideSize: number; outsideSize: number } {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a whole number ≥ 0, got ${total}`);
  const outsideSize = Math.floor(total / 2);
  return { insideSize: total - outsideSize, outsideSize };
}

/** Every broken rule of a request: sizes whole and ≥ 0, non-empty seed, ids non-empty strings, no id twice, no id in both groups. */
export function validateSampleRequest(request: AssessmentSampleRequest): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const field of ['insideSize', 'outsideSize'] as const) {
    const v: unknown = request[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      out.push({
        field,
        rule: 'non_negative_integer',
        message: { 'zh-CN': '样本量须为不小于0的整数', en: 'sample size must be a whole number of at least 0' },
      });
    }
  }
  if (typeof request.seed !== 'string' || request.seed.length === 0) {
    out.push({ field: 'seed', rule: 'required', message: { 'zh-CN': '须提供随机种子', en: 'a seed is required' } });
  }
  const seen = new Map<string, 'inside' | 'outside'>();
  for (const group of ['inside', 'outside'] as const) {
    request[group].forEach((id, i) => {
      if (typeof id !== 'string' || id.length === 0) {
        out.push({
          field: `${group}[${i}]`,
          rule: 'household_id',
          message: { 'zh-CN': '户编号不能为空', en: 'household id must be a non-empty string' },
        });
        return;
      }
      const before = seen.get(id);
      if (before === group) {
        out.push({
          field: `${group}[${i}]`,
          rule: 'duplicate',
          message: { 'zh-CN': `户编号重复：${id}`, en: `household id listed twice: ${id}` },
        });
      } else if (before !== undefined) {
        out.push({
          field: `${group}[${i}]`,
          rule: 'in_both_groups',
          message: {
            'zh-CN': `户编号同时在册内和册外：${id}`,
            en: `household id both inside and outside the register: ${id}`,
          },
        });
      } else {
        seen.set(id, group);
      }
    });
  }
  return out;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function draw(ids: readonly string[], size: number, stream: string): string[] {
  const pool = [...ids].sort(byCodeUnits);
  const k = Math.min(size, pool.length);
  const random = seededRandom(stream);
  for (let i = 0; i < k; i++) {
    const j = i + random.nextBelow(pool.length - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, k);
}

/** Draw the sample. An invalid request (see `validateSampleRequest`) is a programmer error: RangeError. */
export function drawAssessmentSample(request: AssessmentSampleRequest): AssessmentSample {
  const violations = validateSampleRequest(request);
  if (violations.length > 0)
    throw new RangeError(`invalid sample request: ${violations.map((v) => `${v.field} ${v.rule}`).join(', ')}`);
  const { seed, insideSize, outsideSize } = request;
  return {
    inside: draw(request.inside, insideSize, `${SAMPLE_ALGORITHM}\u0000inside\u0000${seed}`),
    outside: draw(request.outside, outsideSize, `${SAMPLE_ALGORITHM}\u0000outside\u0000${seed}`),
    requested: { insideSize, outsideSize },
    clamped: { inside: insideSize > request.inside.length, outside: outsideSize > request.outside.length },
    seed,
    algorithm: SAMPLE_ALGORITHM,
  };
}
