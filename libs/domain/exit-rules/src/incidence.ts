import type { LocalizedMessage } from '@fupin/identification-rules';
import { compareRatioToBp, formatBp, formatRatio, ratio, type Ratio, ratioToBp } from './ratio';

/**
 * 贫困发生率 (poverty incidence) = registered poor people not yet exited / rural population (SPEC §3.6).
 * Village (贫困村退出) and county (贫困县摘帽) exit need it STRICTLY below the line: 2 % (200 bp), 3 % (300 bp) in
 * western provinces (西部地区); exactly at the line is not below. Compared exactly, never in floating point.
 */

export const DEFAULT_INCIDENCE_THRESHOLD_BP = 200;
export const DEFAULT_WESTERN_INCIDENCE_THRESHOLD_BP = 300;

export interface IncidenceCounts {
  /** Registered poor people (建档立卡贫困人口) not yet exited. */
  poorNotExited: number;
  /** 农业户籍人口 / rural population. */
  ruralPopulation: number;
}

export interface Incidence {
  /** Exact, in lowest terms. */
  ratio: Ratio;
  /** Rounded half-up, for display. */
  bp: number;
  poorNotExited: number;
  ruralPopulation: number;
}

/** Incidence of one area. Throws RangeError unless 0 ≤ poorNotExited ≤ ruralPopulation, ruralPopulation ≥ 1, whole numbers. */
export function povertyIncidence(counts: IncidenceCounts): Incidence {
  const { poorNotExited, ruralPopulation } = counts;
  if (!Number.isSafeInteger(ruralPopulation) || ruralPopulation < 1)
    throw new RangeError(`ruralPopulation must be a whole number ≥ 1, got ${ruralPopulation}`);
  if (!Number.isSafeInteger(poorNotExited) || poorNotExited < 0)
    throw new RangeError(`poorNotExited must be a whole number ≥ 0, got ${poorNotExited}`);
  if (poorNotExited > ruralPopulation)
    throw new RangeError(`poorNotExited (${poorNotExited}) exceeds ruralPopulation (${ruralPopulation})`);
  const r = ratio(poorNotExited, ruralPopulation);
  return { ratio: r, bp: ratioToBp(r), poorNotExited, ruralPopulation };
}

/** Incidence of an area made of parts (a county of villages): Σ poor / Σ population, NOT an average of rates. */
export function aggregateIncidence(parts: readonly IncidenceCounts[]): Incidence {
  let poor = 0;
  let population = 0;
  for (const p of parts) {
    poor += p.poorNotExited;
    population += p.ruralPopulation;
  }
  return povertyIncidence({ poorNotExited: poor, ruralPopulation: population });
}

export interface IncidenceExitInput extends IncidenceCounts {
  westernProvince: boolean;
  /** Line elsewhere, basis points. Default 200 (2 %). */
  thresholdBp?: number;
  /** Line in western provinces, basis points. Default 300 (3 %). */
  westernThresholdBp?: number;
}

export interface IncidenceExitDecision {
  /** True when incidence is strictly below the applicable line. */
  ok: boolean;
  incidence: Incidence;
  thresholdBp: number;
  message: LocalizedMessage;
}

function decide(level: { zh: string; en: string }, input: IncidenceExitInput): IncidenceExitDecision {
  const thresholdBp = input.westernProvince
    ? (input.westernThresholdBp ?? DEFAULT_WESTERN_INCIDENCE_THRESHOLD_BP)
    : (input.thresholdBp ?? DEFAULT_INCIDENCE_THRESHOLD_BP);
  if (!Number.isSafeInteger(thresholdBp) || thresholdBp < 0 || thresholdBp > 10_000)
    throw new RangeError(`threshold must be 0–10000 bp, got ${thresholdBp}`);
  const incidence = povertyIncidence(input);
  const ok = compareRatioToBp(incidence.ratio, thresholdBp) < 0;
  const shown = formatRatio(incidence.ratio);
  const line = formatBp(thresholdBp);
  const message: LocalizedMessage = ok
    ? {
        'zh-CN': `${level.zh}贫困发生率${shown}低于${line}，可提出退出`,
        en: `${level.en} poverty incidence ${shown} is below ${line}: exit may be proposed`,
      }
    : {
        'zh-CN': `${level.zh}贫困发生率${shown}未低于${line}，不能退出`,
        en: `${level.en} poverty incidence ${shown} is not below ${line}: no exit`,
      };
  return { ok, incidence, thresholdBp, message };
}

/** 贫困村退出: incidence strictly below 2 % (3 % western). The township notice follows in the procedure. */
export function villageMayExit(input: IncidenceExitInput): IncidenceExitDecision {
  return decide({ zh: '村', en: 'village' }, input);
}

/**
 * 贫困县摘帽, incidence part: the same line as villages. The county also needs a passing third-party assessment
 * (`countyMayExit` in assessment-rates.ts); both must be ok.
 */
export function countyIncidenceMayExit(input: IncidenceExitInput): IncidenceExitDecision {
  return decide({ zh: '县', en: 'county' }, input);
}
