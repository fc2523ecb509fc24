import type { LocalizedMessage } from '@fupin/identification-rules';
import {
  DEFAULT_INCIDENCE_THRESHOLD_BP,
  DEFAULT_WESTERN_INCIDENCE_THRESHOLD_BP,
  countyIncidenceMayExit,
  povertyIncidence,
  villageMayExit,
  type Incidence,
} from './incidence';
import { compareRatioToBp, formatBp, formatRatio } from './ratio';

/**
 * 贫困发生率 report of a village, township or county: one row per village and the aggregate (Σ poor / Σ rural
 * population), against the line that applies where the area lies (2 %; 3 % in the western provinces, 西部地区).
 * A village whose rural population (农村人口) is not recorded, or is smaller than its poor count, has no incidence:
 * it is named, and the aggregate is not computed (a partial sum would understate or overstate the area).
 */

/**
 * The 12 provinces of the western development policy (西部大开发): 内蒙古 15, 广西 45, 重庆 50, 四川 51, 贵州 52,
 * 云南 53, 西藏 54, 陕西 61, 甘肃 62, 青海 63, 宁夏 64, 新疆 65 (GB/T 2260 province codes).
 */
export const WESTERN_PROVINCE_CODES: readonly string[] = Object.freeze([
  '15',
  '45',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
]);

export interface IncidenceLines {
  /** Line elsewhere, basis points (default 200 = 2 %). */
  thresholdBp: number;
  /** Line in western provinces, basis points (default 300 = 3 %). */
  westernThresholdBp: number;
  /** 2-digit province codes counted as western. */
  westernProvinces: readonly string[];
}

export const DEFAULT_INCIDENCE_LINES: Readonly<IncidenceLines> = Object.freeze({
  thresholdBp: DEFAULT_INCIDENCE_THRESHOLD_BP,
  westernThresholdBp: DEFAULT_WESTERN_INCIDENCE_THRESHOLD_BP,
  westernProvinces: WESTERN_PROVINCE_CODES,
});

/** True when the division (any level) lies in a western province. */
export function isWesternProvince(
  divisionCode: string,
  westernProvinces: readonly string[] = WESTERN_PROVINCE_CODES,
): boolean {
  return westernProvinces.includes(divisionCode.slice(0, 2));
}

/** The line that applies to a division, basis points. */
export function incidenceLineBp(divisionCode: string, lines: IncidenceLines = DEFAULT_INCIDENCE_LINES): number {
  return isWesternProvince(divisionCode, lines.westernProvinces) ? lines.westernThresholdBp : lines.thresholdBp;
}

export interface VillageCounts {
  code: string;
  name: string | null;
  /** People in the village's registered, not exited households. */
  poorNotExited: number;
  /** 农村人口; null when not recorded. */
  ruralPopulation: number | null;
}

export type VillageIncidenceProblem = 'rural_population_missing' | 'rural_population_below_poor';

export interface VillageIncidenceRow {
  code: string;
  name: string | null;
  poorNotExited: number;
  ruralPopulation: number | null;
  /** Null when the village has a problem. */
  incidence: Incidence | null;
  /** Strictly below the line (贫困村退出 may be proposed). */
  mayExit: boolean;
  problem: VillageIncidenceProblem | null;
  message: LocalizedMessage;
}

export type IncidenceLevel = 'village' | 'township' | 'county';

export interface IncidenceReport {
  divisionCode: string;
  level: IncidenceLevel;
  western: boolean;
  thresholdBp: number;
  villages: VillageIncidenceRow[];
  aggregate: {
    /** Null when any village has a problem, or there is no village. */
    incidence: Incidence | null;
    /** Strictly below the line. Townships do not exit on their own; for them this only says where they stand. */
    belowLine: boolean;
    message: LocalizedMessage;
  };
  /** Villages without a usable rural population, named. */
  missingRuralPopulation: string[];
}

export function incidenceLevel(code: string): IncidenceLevel | null {
  return code.length === 12 ? 'village' : code.length === 9 ? 'township' : code.length === 6 ? 'county' : null;
}

function villageRow(v: VillageCounts, lines: IncidenceLines): VillageIncidenceRow {
  const label = v.name ? `${v.name}（${v.code}）` : v.code;
  const base = { code: v.code, name: v.name, poorNotExited: v.poorNotExited, ruralPopulation: v.ruralPopulation };
  if (v.ruralPopulation === null || v.ruralPopulation < 1) {
    return {
      ...base,
      incidence: null,
      mayExit: false,
      problem: 'rural_population_missing',
      message: {
        'zh-CN': `村 ${label} 未登记农村人口，无法计算贫困发生率`,
        en: `village ${v.code} has no rural population recorded: incidence cannot be computed`,
      },
    };
  }
  if (v.poorNotExited > v.ruralPopulation) {
    return {
      ...base,
      incidence: null,
      mayExit: false,
      problem: 'rural_population_below_poor',
      message: {
        'zh-CN': `村 ${label} 登记的农村人口 ${v.ruralPopulation} 少于未脱贫人口 ${v.poorNotExited}，请核实`,
        en: `village ${v.code}: rural population ${v.ruralPopulation} is smaller than its ${v.poorNotExited} poor people; check it`,
      },
    };
  }
  const d = villageMayExit({
    poorNotExited: v.poorNotExited,
    ruralPopulation: v.ruralPopulation,
    westernProvince: isWesternProvince(v.code, lines.westernProvinces),
    thresholdBp: lines.thresholdBp,
    westernThresholdBp: lines.westernThresholdBp,
  });
  return { ...base, incidence: d.incidence, mayExit: d.ok, problem: null, message: d.message };
}

/**
 * The report for `divisionCode` (village 12, township 9 or county 6 digits) from its villages' counts.
 * Throws RangeError for another code length (a programmer error: the caller validates input).
 */
export function incidenceReport(
  divisionCode: string,
  villages: readonly VillageCounts[],
  lines: IncidenceLines = DEFAULT_INCIDENCE_LINES,
): IncidenceReport {
  const level = incidenceLevel(divisionCode);
  if (!level) throw new RangeError(`not a village, township or county code: ${divisionCode}`);
  const western = isWesternProvince(divisionCode, lines.westernProvinces);
  const thresholdBp = western ? lines.westernThresholdBp : lines.thresholdBp;
  const rows = villages.map((v) => villageRow(v, lines));
  const missing = rows.filter((r) => r.problem !== null).map((r) => r.code);
  const base = { divisionCode, level, western, thresholdBp, villages: rows, missingRuralPopulation: missing };
  if (rows.length === 0) {
    return {
      ...base,
      aggregate: {
        incidence: null,
        belowLine: false,
        message: { 'zh-CN': `区划 ${divisionCode} 下没有村`, en: `no village under ${divisionCode}` },
      },
    };
  }
  if (missing.length > 0) {
    return {
      ...base,
      aggregate: {
        incidence: null,
        belowLine: false,
        message: {
          'zh-CN': `以下村农村人口缺失或有误，无法计算贫困发生率：${missing.join('、')}`,
          en: `rural population missing or wrong for these villages, incidence cannot be computed: ${missing.join(', ')}`,
        },
      },
    };
  }
  if (level === 'village')
    return {
      ...base,
      aggregate: { incidence: rows[0].incidence, belowLine: rows[0].mayExit, message: rows[0].message },
    };
  const counts = rows.map((r) => ({ poorNotExited: r.poorNotExited, ruralPopulation: r.ruralPopulation as number }));
  const poorNotExited = counts.reduce((s, c) => s + c.poorNotExited, 0);
  const ruralPopulation = counts.reduce((s, c) => s + c.ruralPopulation, 0);
  if (level === 'county') {
    const d = countyIncidenceMayExit({
      poorNotExited,
      ruralPopulation,
      westernProvince: western,
      thresholdBp: lines.thresholdBp,
      westernThresholdBp: lines.westernThresholdBp,
    });
    return { ...base, aggregate: { incidence: d.incidence, belowLine: d.ok, message: d.message } };
  }
  const incidence = povertyIncidence({ poorNotExited, ruralPopulation });
  const below = compareRatioToBp(incidence.ratio, thresholdBp) < 0;
  const shown = formatRatio(incidence.ratio);
  const line = formatBp(thresholdBp);
  return {
    ...base,
    aggregate: {
      incidence,
      belowLine: below,
      message: below
        ? { 'zh-CN': `乡镇贫困发生率${shown}低于${line}`, en: `township poverty incidence ${shown} is below ${line}` }
        : {
            'zh-CN': `乡镇贫困发生率${shown}未低于${line}`,
            en: `township poverty incidence ${shown} is not below ${line}`,
          },
    },
  };
}
