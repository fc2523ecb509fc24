import { divisionLevel, isProvinceCode } from './divisions';
import { HOUSING_GRADES, type HousingGrade, isHousingGrade } from './enumerations';
import { formatYuan, type RuleViolation } from './messages';

/**
 * Poverty policy (扶贫政策标准) per province and income year. SPEC §3: every threshold is data, passed in;
 * no code path compares against a literal line. The national values below are only the seed of that data.
 */

/** The standards behind 两不愁三保障 that may differ by province and year. */
export interface GuaranteeStandards {
  /** 危房等级: housing grades that count as unsafe (住房安全无保障). Default C and D. */
  unsafeHousingGrades: readonly HousingGrade[];
  /** 义务教育阶段: ages (inclusive) at which a child out of school breaks 义务教育有保障. Default 6–15. */
  compulsoryEducationAge: { readonly min: number; readonly max: number };
}

/** The poverty policy of one province (省) and one income year (收入年度, named by the year it ends). */
export interface PovertyPolicy {
  /** 2-digit province code (省级行政区划代码), e.g. `43`. */
  province: string;
  /** Income year, e.g. 2020 for 2019-10-01 … 2020-09-30. */
  year: number;
  /** 贫困标准: the per-capita net income line in integer fen. */
  povertyLineFen: number;
  /** 监测线系数 in basis points of the line (15000 = 1.5 ×) for relapse monitoring (防止返贫监测). */
  monitoringLineFactorBp?: number;
  /** Guarantee standards; missing entries take `DEFAULT_GUARANTEE_STANDARDS`. */
  guarantees?: Partial<GuaranteeStandards>;
}

/** A province's own standard for a year (省定标准); without `povertyLineFen` it keeps the national line. */
export type PovertyPolicyOverride = Omit<PovertyPolicy, 'povertyLineFen'> & { povertyLineFen?: number };

/** A policy with every default filled in and where its line came from. */
export interface ResolvedPovertyPolicy extends PovertyPolicy {
  monitoringLineFactorBp: number;
  guarantees: GuaranteeStandards;
  /** `province` when the province set its own line, `national` otherwise. */
  source: 'national' | 'province';
  /** The national line of that year, for the record; null when none is seeded for the year. */
  nationalLineFen: number | null;
}

/** Where a seeded national value comes from. */
export type NationalLineSource = 'spec' | 'published' | 'interpolated';

export interface NationalPovertyLine {
  year: number;
  povertyLineFen: number;
  source: NationalLineSource;
}

/**
 * 国家农村贫困标准 at current prices: 2,300 yuan per person per year at 2010 prices, re-priced each year.
 *
 * - 2015 (2,855 yuan), 2019 (3,218 yuan) and 2020 (about 4,000 yuan) are the values SPEC §3.2 gives (`spec`).
 * - 2014 (2,800), 2016 (2,952), 2017 (2,952) and 2018 (2,995 yuan) are the current-price lines published by the
 *   National Bureau of Statistics (《中国农村贫困监测报告》) (`published`). `interpolated` remains for any year a
 *   deployment fills in between published values; configuration (a province override) always wins.
 */
export const NATIONAL_POVERTY_LINES: readonly NationalPovertyLine[] = Object.freeze(
  [
    { year: 2014, povertyLineFen: 280_000, source: 'published' },
    { year: 2015, povertyLineFen: 285_500, source: 'spec' },
    { year: 2016, povertyLineFen: 295_200, source: 'published' },
    { year: 2017, povertyLineFen: 295_200, source: 'published' },
    { year: 2018, povertyLineFen: 299_500, source: 'published' },
    { year: 2019, povertyLineFen: 321_800, source: 'spec' },
    { year: 2020, povertyLineFen: 400_000, source: 'spec' },
  ].map((line) => Object.freeze(line as NationalPovertyLine)),
);

/** Default monitoring line: 1.5 × the poverty line (SPEC §3.6, configurable). */
export const DEFAULT_MONITORING_LINE_FACTOR_BP = 15_000;

export const DEFAULT_GUARANTEE_STANDARDS: GuaranteeStandards = Object.freeze({
  unsafeHousingGrades: Object.freeze(['C', 'D'] as HousingGrade[]),
  compulsoryEducationAge: Object.freeze({ min: 6, max: 15 }),
});

/** The current 2,300-yuan standard was adopted in 2011; earlier years are not this platform's business. */
export const MIN_POLICY_YEAR = 2011;
export const MAX_POLICY_YEAR = 2100;
/** A line above 50,000 yuan per person is an absurd value (SPEC §5), not a policy. */
export const MAX_POVERTY_LINE_FEN = 5_000_000;
/** The monitoring line lies between 1 × and 10 × the poverty line. */
export const MIN_MONITORING_LINE_FACTOR_BP = 10_000;
export const MAX_MONITORING_LINE_FACTOR_BP = 100_000;

/** The seeded national line of a year, or null when none is seeded (never guessed). */
export function nationalPovertyLine(
  year: number,
  lines: readonly NationalPovertyLine[] = NATIONAL_POVERTY_LINES,
): NationalPovertyLine | null {
  return lines.find((line) => line.year === year) ?? null;
}

function violation(field: string, rule: string, zh: string, en: string): RuleViolation {
  return { field, rule, message: { 'zh-CN': zh, en } };
}

/**
 * Check a policy or override: 2-digit province code, year in range, line a positive whole number of fen (when
 * given), monitoring factor in range, guarantee standards well formed. With `nationalLines`, a province line below
 * the national line of the same year is refused (provinces may set higher lines, never lower). Returns every violation.
 */
export function validatePolicy(
  policy: PovertyPolicy | PovertyPolicyOverride,
  nationalLines: readonly NationalPovertyLine[] | null = NATIONAL_POVERTY_LINES,
): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!isProvinceCode(policy.province)) {
    out.push(
      violation(
        'province',
        'province_code',
        `省级代码无效：${String(policy.province)}`,
        `not a 2-digit province code: ${String(policy.province)}`,
      ),
    );
  }
  if (!Number.isInteger(policy.year) || policy.year < MIN_POLICY_YEAR || policy.year > MAX_POLICY_YEAR) {
    out.push(
      violation(
        'year',
        'year_range',
        `年度须为${MIN_POLICY_YEAR}至${MAX_POLICY_YEAR}之间的整数`,
        `year must be a whole number from ${MIN_POLICY_YEAR} to ${MAX_POLICY_YEAR}`,
      ),
    );
  }
  const line: unknown = policy.povertyLineFen;
  if (line !== undefined) {
    if (typeof line !== 'number' || !Number.isSafeInteger(line)) {
      out.push(
        violation(
          'povertyLineFen',
          'integer_fen',
          '贫困标准必须为整数（单位：分）',
          'poverty line must be a whole number of fen',
        ),
      );
    } else if (line <= 0) {
      out.push(violation('povertyLineFen', 'positive', '贫困标准必须大于0', 'poverty line must be greater than zero'));
    } else if (line > MAX_POVERTY_LINE_FEN) {
      out.push(
        violation(
          'povertyLineFen',
          'absurd_amount',
          `贫困标准不能超过${formatYuan(MAX_POVERTY_LINE_FEN)}元`,
          `poverty line must not exceed ${formatYuan(MAX_POVERTY_LINE_FEN)} yuan`,
        ),
      );
    } else if (nationalLines !== null) {
      const national = nationalPovertyLine(policy.year, nationalLines);
      if (national !== null && line < national.povertyLineFen) {
        out.push(
          violation(
            'povertyLineFen',
            'below_national_line',
            `省定贫困标准${formatYuan(line)}元低于${policy.year}年国家标准${formatYuan(national.povertyLineFen)}元`,
            `provincial line ${formatYuan(line)} yuan is below the national line ${formatYuan(national.povertyLineFen)} yuan of ${policy.year}`,
          ),
        );
      }
    }
  }
  const factor: unknown = policy.monitoringLineFactorBp;
  if (
    factor !== undefined &&
    (typeof factor !== 'number' ||
      !Number.isInteger(factor) ||
      factor < MIN_MONITORING_LINE_FACTOR_BP ||
      factor > MAX_MONITORING_LINE_FACTOR_BP)
  ) {
    out.push(
      violation(
        'monitoringLineFactorBp',
        'factor_range',
        `监测线系数须为${MIN_MONITORING_LINE_FACTOR_BP}至${MAX_MONITORING_LINE_FACTOR_BP}之间的整数（基点）`,
        `monitoring line factor must be a whole number of basis points from ${MIN_MONITORING_LINE_FACTOR_BP} to ${MAX_MONITORING_LINE_FACTOR_BP}`,
      ),
    );
  }
  const g = policy.guarantees;
  if (g !== undefined) {
    if (g.unsafeHousingGrades !== undefined) {
      const grades: unknown = g.unsafeHousingGrades;
      if (
        !Array.isArray(grades) ||
        grades.length === 0 ||
        !grades.every(isHousingGrade) ||
        new Set(grades).size !== grades.length
      ) {
        out.push(
          violation(
            'guarantees.unsafeHousingGrades',
            'housing_grades',
            `危房等级须为${HOUSING_GRADES.join('/')}中不重复的一项或多项`,
            `unsafe housing grades must be one or more distinct values of ${HOUSING_GRADES.join('/')}`,
          ),
        );
      }
    }
    if (g.compulsoryEducationAge !== undefined) {
      const { min, max } = g.compulsoryEducationAge;
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 3 || max > 20 || min > max) {
        out.push(
          violation(
            'guarantees.compulsoryEducationAge',
            'age_range',
            '义务教育年龄段须为3至20岁之间的整数区间',
            'compulsory-education ages must be a whole-year range within 3–20',
          ),
        );
      }
    }
  }
  return out;
}

export type ResolvePolicyResult =
  { ok: true; value: ResolvedPovertyPolicy } | { ok: false; violations: RuleViolation[] };

/**
 * The policy in force for a province and income year (适用标准): the province's override when it has one for that
 * year, else the national line. `provinceCode` may be the 2-digit code or any division code inside the province
 * (a county or village code; its first two digits are used). Defaults fill what the override leaves out.
 * Refused (never guessed): a malformed code, a year with neither a national seed nor a province line, two
 * overrides for the same province and year, an invalid override.
 */
export function resolvePolicy(
  provinceCode: string,
  year: number,
  overrides: readonly PovertyPolicyOverride[] = [],
  nationalLines: readonly NationalPovertyLine[] = NATIONAL_POVERTY_LINES,
): ResolvePolicyResult {
  const level = divisionLevel(provinceCode);
  const province = level === null ? '' : provinceCode.slice(0, 2);
  const violations: RuleViolation[] = [];
  if (!isProvinceCode(province)) {
    violations.push(
      violation(
        'province',
        'province_code',
        `区划代码无效：${String(provinceCode)}`,
        `not a division code inside a province: ${String(provinceCode)}`,
      ),
    );
  }
  if (!Number.isInteger(year) || year < MIN_POLICY_YEAR || year > MAX_POLICY_YEAR) {
    violations.push(
      violation(
        'year',
        'year_range',
        `年度须为${MIN_POLICY_YEAR}至${MAX_POLICY_YEAR}之间的整数`,
        `year must be a whole number from ${MIN_POLICY_YEAR} to ${MAX_POLICY_YEAR}`,
      ),
    );
  }
  if (violations.length > 0) return { ok: false, violations };

  const matching = overrides.filter((o) => o.province === province && o.year === year);
  if (matching.length > 1) {
    return {
      ok: false,
      violations: [
        violation(
          'overrides',
          'ambiguous_override',
          `${province}省${year}年有${matching.length}个标准`,
          `${matching.length} policies for province ${province} and year ${year}`,
        ),
      ],
    };
  }
  const override = matching[0];
  if (override !== undefined) {
    const invalid = validatePolicy(override, nationalLines);
    if (invalid.length > 0)
      return { ok: false, violations: invalid.map((v) => ({ ...v, field: `overrides.${v.field}` })) };
  }
  const national = nationalPovertyLine(year, nationalLines);
  const line = override?.povertyLineFen ?? national?.povertyLineFen;
  if (line === undefined) {
    return {
      ok: false,
      violations: [
        violation(
          'year',
          'no_policy',
          `${province}省${year}年没有贫困标准`,
          `no poverty line for province ${province} and year ${year}`,
        ),
      ],
    };
  }
  const value: ResolvedPovertyPolicy = {
    province,
    year,
    povertyLineFen: line,
    monitoringLineFactorBp: override?.monitoringLineFactorBp ?? DEFAULT_MONITORING_LINE_FACTOR_BP,
    guarantees: {
      unsafeHousingGrades: [
        ...(override?.guarantees?.unsafeHousingGrades ?? DEFAULT_GUARANTEE_STANDARDS.unsafeHousingGrades),
      ],
      compulsoryEducationAge: {
        ...(override?.guarantees?.compulsoryEducationAge ?? DEFAULT_GUARANTEE_STANDARDS.compulsoryEducationAge),
      },
    },
    source: override?.povertyLineFen !== undefined ? 'province' : 'national',
    nationalLineFen: national?.povertyLineFen ?? null,
  };
  return { ok: true, value };
}

/** 监测线: the poverty line × monitoring factor, in fen, rounded half-up. */
export function monitoringLineFen(policy: Pick<PovertyPolicy, 'povertyLineFen' | 'monitoringLineFactorBp'>): number {
  const bp = BigInt(policy.monitoringLineFactorBp ?? DEFAULT_MONITORING_LINE_FACTOR_BP);
  if (!Number.isSafeInteger(policy.povertyLineFen))
    throw new RangeError('povertyLineFen must be a whole number of fen');
  const product = BigInt(policy.povertyLineFen) * bp;
  const q = product / 10_000n;
  return Number((product % 10_000n) * 2n >= 10_000n ? q + 1n : q);
}
