/**
 * The relocation subsidy policy table (易地扶贫搬迁补助标准), SPEC §3.3: configuration, versioned by province and year
 * like the medical policies. Money in integer fen (分), shares in basis points (基点, 10000 = 100 %). Pure.
 *
 * Region: the per-person subsidy has a `general` figure for the province and an optional figure per listed county
 * (`byCounty`, 6-digit codes), e.g. deep-poverty counties (深度贫困县) with a higher standard. A county not listed gets
 * the general figure. This keeps the table to what a provincial notice actually lists.
 *
 * Versions: a policy applies from `year` until the next version of the same province; `resolveRelocationPolicy`
 * picks the latest version at or before the year asked for.
 */

import type { LocalizedMessage, RuleViolation } from '@fupin/localized';
import { DEFAULT_PER_PERSON_LIMIT_M2 } from './housing-area';

/** An amount of money in fen: a non-negative safe integer. */
export type Fen = number;
/** A share in basis points: 10000 = 100 %. */
export type BasisPoints = number;
export const BP_PER_UNIT = 10_000;

/** Construction milestones that release a tranche (建设节点), in the order they must happen. */
export const CONSTRUCTION_MILESTONES = ['foundation', 'roof', 'acceptance'] as const;
export type ConstructionMilestone = (typeof CONSTRUCTION_MILESTONES)[number];
/** Monetary resettlement (货币化安置) is paid as one tranche. */
export const LUMP_SUM = 'lump_sum' as const;
export type TrancheMilestone = ConstructionMilestone | typeof LUMP_SUM;

export const TRANCHE_MILESTONE_LABELS: Readonly<Record<TrancheMilestone, LocalizedMessage>> = {
  foundation: { 'zh-CN': '地基完工', en: 'foundation laid' },
  roof: { 'zh-CN': '主体封顶', en: 'roof on' },
  acceptance: { 'zh-CN': '竣工验收', en: 'acceptance inspection' },
  lump_sum: { 'zh-CN': '货币化安置补助一次性发放', en: 'monetary resettlement lump sum' },
};

/** How the subsidy is split over the milestones: shares in basis points summing to 10000. */
export type TranchePlan = Readonly<Record<ConstructionMilestone, BasisPoints>>;

/** House safety grades that qualify for renovation (危房等级 C 级、D 级). */
export const RENOVATION_GRADES = ['C', 'D'] as const;
export type RenovationGrade = (typeof RENOVATION_GRADES)[number];

export interface RelocationPolicy {
  /** 2-digit province code (e.g. '52' Guizhou). */
  provinceCode: string;
  /** First year the version applies (执行年度). */
  year: number;
  /** Per-person housing subsidy (人均建房补助), general and per listed county. */
  perPersonSubsidyFen: { general: Fen; byCounty: Readonly<Record<string, Fen>> };
  /** Monetary resettlement (货币化安置): lump sum per person instead of a house. */
  monetaryPerPersonFen: Fen;
  /** Most a household may pay itself (自筹上限, 不因搬迁而负债). */
  selfFinancingCapFen: Fen;
  /** Housing area red line per person, m² (人均住房面积上限). */
  maxM2PerPerson: number;
  /** Tranches by milestone (分期拨付比例). */
  tranchePlan: TranchePlan;
  /** Renovation subsidy per household by house grade (危房改造补助). */
  renovationSubsidyFen: Readonly<Record<RenovationGrade, Fen>>;
}

/** Default self-financing cap: 3,000 yuan per household. */
export const DEFAULT_SELF_FINANCING_CAP_FEN = 300_000;
/** Default tranche plan: 30 % at foundation, 40 % at roof, 30 % at acceptance. */
export const DEFAULT_TRANCHE_PLAN: TranchePlan = Object.freeze({ foundation: 3000, roof: 4000, acceptance: 3000 });

/**
 * The illustrative policy tests, the e2e and the benchmark use (a western province, 2016 standards in round figures).
 * Not a real province's table.
 */
export const ILLUSTRATIVE_RELOCATION_POLICY: RelocationPolicy = Object.freeze({
  provinceCode: '43',
  year: 2016,
  perPersonSubsidyFen: Object.freeze({ general: 2_000_000, byCounty: Object.freeze({ '430524': 2_200_000 }) }),
  monetaryPerPersonFen: 3_000_000,
  selfFinancingCapFen: DEFAULT_SELF_FINANCING_CAP_FEN,
  maxM2PerPerson: DEFAULT_PER_PERSON_LIMIT_M2,
  tranchePlan: DEFAULT_TRANCHE_PLAN,
  renovationSubsidyFen: Object.freeze({ C: 1_000_000, D: 3_500_000 }),
});

export const isFen = (v: unknown): v is Fen => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const PROVINCE = /^\d{2}$/;
const COUNTY = /^\d{6}$/;
/** Policy years accepted (the relocation programme and its follow-up). */
export const POLICY_YEAR_MIN = 2000;
export const POLICY_YEAR_MAX = 2100;

type Out = RuleViolation[];
const violation = (out: Out, field: string, rule: string, zh: string, en: string): void => {
  out.push({ field, rule, message: { 'zh-CN': zh, en } });
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkFen(out: Out, field: string, v: unknown): void {
  if (!isFen(v)) violation(out, field, 'integer_fen', `${field}须为非负整数（分）`, `${field} must be whole fen ≥ 0`);
}

function checkObject(out: Out, field: string, v: unknown): Record<string, unknown> | null {
  if (isObject(v)) return v;
  violation(out, field, 'object', `${field}须为对象`, `${field} must be an object`);
  return null;
}

/** A tranche plan's problems: whole basis points ≥ 0 for each milestone, summing to exactly 10000. */
export function checkTranchePlan(plan: unknown, field = 'tranchePlan'): RuleViolation[] {
  const out: Out = [];
  const p = checkObject(out, field, plan);
  if (!p) return out;
  let sum = 0;
  for (const m of CONSTRUCTION_MILESTONES) {
    const bp = p[m];
    if (typeof bp !== 'number' || !Number.isSafeInteger(bp) || bp < 0 || bp > BP_PER_UNIT) {
      violation(
        out,
        `${field}.${m}`,
        'basis_points',
        `${field}.${m}须为0至10000的整数基点`,
        `${field}.${m} must be whole basis points 0–10000`,
      );
    } else sum += bp;
  }
  const unknown = Object.keys(p).filter((k) => !(CONSTRUCTION_MILESTONES as readonly string[]).includes(k));
  for (const k of unknown)
    violation(out, `${field}.${k}`, 'unknown_milestone', `未知建设节点：${k}`, `unknown milestone: ${k}`);
  if (!out.length && sum !== BP_PER_UNIT)
    violation(
      out,
      field,
      'shares_sum',
      `各期比例之和须为10000基点，现为${sum}`,
      `tranche shares must sum to 10000 bp, got ${sum}`,
    );
  return out;
}

function checkSubsidy(out: Out, v: unknown): void {
  const s = checkObject(out, 'perPersonSubsidyFen', v);
  if (!s) return;
  checkFen(out, 'perPersonSubsidyFen.general', s['general']);
  const byCounty = checkObject(out, 'perPersonSubsidyFen.byCounty', s['byCounty']);
  if (!byCounty) return;
  for (const [code, fen] of Object.entries(byCounty)) {
    if (!COUNTY.test(code))
      violation(
        out,
        `perPersonSubsidyFen.byCounty.${code}`,
        'county_code',
        `县代码须为6位：${code}`,
        `county code must be 6 digits: ${code}`,
      );
    checkFen(out, `perPersonSubsidyFen.byCounty.${code}`, fen);
  }
}

/** Every problem of a policy, each naming its field and rule (bilingual); empty when valid. */
export function validatePolicy(policy: unknown): RuleViolation[] {
  const out: Out = [];
  if (!isObject(policy)) {
    violation(out, 'policy', 'object', '搬迁补助政策须为对象', 'the relocation policy must be an object');
    return out;
  }
  const p = policy;
  if (typeof p['provinceCode'] !== 'string' || !PROVINCE.test(p['provinceCode']))
    violation(out, 'provinceCode', 'province_code', '省级代码须为2位数字', 'provinceCode must be 2 digits');
  const year = p['year'];
  if (typeof year !== 'number' || !Number.isInteger(year) || year < POLICY_YEAR_MIN || year > POLICY_YEAR_MAX)
    violation(
      out,
      'year',
      'policy_year',
      `年度须为${POLICY_YEAR_MIN}至${POLICY_YEAR_MAX}的整数`,
      `year must be a whole year ${POLICY_YEAR_MIN}–${POLICY_YEAR_MAX}`,
    );
  checkSubsidy(out, p['perPersonSubsidyFen']);
  checkFen(out, 'monetaryPerPersonFen', p['monetaryPerPersonFen']);
  checkFen(out, 'selfFinancingCapFen', p['selfFinancingCapFen']);
  const m2 = p['maxM2PerPerson'];
  if (typeof m2 !== 'number' || !Number.isFinite(m2) || m2 <= 0 || m2 > DEFAULT_PER_PERSON_LIMIT_M2)
    violation(
      out,
      'maxM2PerPerson',
      'area_limit',
      `人均住房面积上限须大于0且不超过${DEFAULT_PER_PERSON_LIMIT_M2}平方米`,
      `maxM2PerPerson must be > 0 and at most ${DEFAULT_PER_PERSON_LIMIT_M2} m²`,
    );
  out.push(...checkTranchePlan(p['tranchePlan']));
  const renovation = checkObject(out, 'renovationSubsidyFen', p['renovationSubsidyFen']);
  if (renovation) for (const g of RENOVATION_GRADES) checkFen(out, `renovationSubsidyFen.${g}`, renovation[g]);
  return out;
}

export type PolicyResolution = { ok: true; policy: RelocationPolicy } | { ok: false; refusal: RuleViolation };

/** The version of the province's policy in force in `year`: the latest with `policy.year ≤ year`. */
export function resolveRelocationPolicy(
  policies: readonly RelocationPolicy[],
  provinceCode: string,
  year: number,
): PolicyResolution {
  let best: RelocationPolicy | null = null;
  for (const p of policies) {
    if (p.provinceCode !== provinceCode || p.year > year) continue;
    if (best && best.year === p.year)
      return {
        ok: false,
        refusal: {
          field: 'policies',
          rule: 'duplicate_version',
          message: {
            'zh-CN': `省${provinceCode}的${p.year}年度补助标准重复`,
            en: `province ${provinceCode} has two policies for ${p.year}`,
          },
        },
      };
    if (!best || p.year > best.year) best = p;
  }
  if (best) return { ok: true, policy: best };
  return {
    ok: false,
    refusal: {
      field: 'year',
      rule: 'no_policy',
      message: {
        'zh-CN': `省${provinceCode}没有适用于${year}年度的搬迁补助标准`,
        en: `no relocation policy of province ${provinceCode} applies in ${year}`,
      },
    },
  };
}
