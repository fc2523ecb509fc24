import { nationalPovertyLine, perCapitaNetIncomeFen } from '@fupin/identification-rules';
import { csvLine, csvText, leadingCells } from './csv';
import { draws, type Draws, prng, weights, type Weighted } from './random';
import type { GeneratedRoster } from './roster';

export interface SurveyGeneratorOptions {
  /** Income year of every survey (the year whose poverty line the income is compared with). */
  incomeYear: number;
  seed?: number;
  /** Share of households with per-capita net income above the line (default 0.05); they get housing A/B, safe water, no child out of school. */
  shareAboveLine?: number;
  /** Poverty line in fen per person (default the national line of `incomeYear`, else 400,000 = the 2020 line of 4,000 yuan). */
  povertyLineFen?: number;
  /** `zh` (default) writes Chinese headers and 是/否; `en` snake_case headers and true/false. */
  language?: 'zh' | 'en';
}

export interface GeneratedSurveys {
  csv: string;
  incomeYear: number;
  povertyLineFen: number;
  /** Rows written: one per household of the roster. */
  households: number;
  /** Households whose per-capita net income is at or above the line (`${village_code}/${household_key}`). */
  aboveLineKeys: string[];
  /** Per-capita net income (fen) each household's survey works out to, by `${village_code}/${household_key}` (as perCapitaNetIncomeFen derives it). */
  perCapitaFen: Map<string, number>;
}

const SURVEY_HEADERS = {
  zh: [
    ...['村代码', '户编号', '收入年度', '家庭人口', '种植业收入', '养殖业收入', '工资性收入', '财产性收入'],
    ...['转移性收入', '经营净收入', '生产经营性支出', '生活支出', '因病因灾支出', '学生费用', '房屋安全等级'],
    ...['饮水安全', '不愁吃', '不愁穿', '失学辍学儿童数'],
  ],
  en: [
    ...['village_code', 'household_key', 'income_year', 'household_size', 'farming_income', 'livestock_income'],
    ...['wage_income', 'property_income', 'transfer_income', 'business_net_income', 'production_costs'],
    ...['living_expenses', 'illness_spending', 'student_costs', 'housing_grade', 'drinking_water_safe'],
    ...['food_secure', 'clothing_secure', 'children_out_of_school'],
  ],
};

/** 房屋安全等级 of households below the line: a fifth in C/D (dangerous) housing. */
const HOUSING_BELOW_LINE: Weighted<string> = weights([
  ['A', 15],
  ['B', 65],
  ['C', 14],
  ['D', 6],
]);

/**
 * One survey row per household of a generated roster, keyed by village_code + household_key as the roster has
 * them, deterministic from `seed`. Per-capita net income (六算: six income items − production costs, over the
 * members of the roster) is below the poverty line for all but `shareAboveLine` of the households: below-line
 * households between ~1,500 yuan and ~150 yuan under the line, with a fifth of them in C/D (dangerous) housing
 * and a tenth without safe water; above-line households 300–8,000 yuan over it, in A/B housing with safe water
 * and every guarantee met, so that their income and observations alone make them ineligible.
 */
export function generateSurveyCsv(roster: GeneratedRoster, options: SurveyGeneratorOptions): GeneratedSurveys {
  const year = options.incomeYear;
  if (!Number.isInteger(year) || year < 2014 || year > 2100)
    throw new RangeError('incomeYear must be a year from 2014 to 2100');
  const share = options.shareAboveLine ?? 0.05;
  if (!(share >= 0 && share <= 1)) throw new RangeError('shareAboveLine must be between 0 and 1');
  const line = options.povertyLineFen ?? nationalPovertyLine(year)?.povertyLineFen ?? 400_000;
  const zh = (options.language ?? 'zh') === 'zh';
  const d = draws(prng(options.seed ?? 1));
  const yes = (b: boolean) => (zh ? (b ? '是' : '否') : String(b));
  const households = rosterHouseholds(roster.csv);
  const above = aboveLine(households.length, share, d);
  const lines = [csvLine(zh ? SURVEY_HEADERS.zh : SURVEY_HEADERS.en)];
  const aboveLineKeys: string[] = [];
  const perCapita = new Map<string, number>();
  households.forEach((h, i) => {
    const isAbove = above.has(i);
    const { items, perCapitaFen } = surveyItems(h.size, isAbove, line, d);
    const o = observation(h.size, isAbove, d);
    const id = `${h.village}/${h.key}`;
    perCapita.set(id, perCapitaFen);
    if (isAbove) aboveLineKeys.push(id);
    const amounts = [
      ...[items.farmingIncome, items.livestockIncome, items.wageIncome, items.propertyIncome, items.transferIncome],
      ...[items.businessNetIncome, items.productionCosts, items.livingExpenses, items.illnessSpending],
      items.studentCosts,
    ].map(yuanText);
    const conditions = [o.housing, yes(o.water), yes(o.food), yes(o.clothing), o.children];
    lines.push(csvLine([h.village, h.key, year, h.size, ...amounts, ...conditions]));
  });
  return {
    csv: csvText(lines),
    incomeYear: year,
    povertyLineFen: line,
    households: households.length,
    aboveLineKeys,
    perCapitaFen: perCapita,
  };
}

/** The roster's households in file order, with their member counts. */
function rosterHouseholds(csv: string): { village: string; key: string; size: number }[] {
  const households: { village: string; key: string; size: number }[] = [];
  const byKey = new Map<string, { village: string; key: string; size: number }>();
  for (const [key, village] of leadingCells(csv)) {
    if (!key) continue;
    const h = byKey.get(`${village}/${key}`);
    if (h) h.size++;
    else {
      const fresh = { village, key, size: 1 };
      byKey.set(`${village}/${key}`, fresh);
      households.push(fresh);
    }
  }
  return households;
}

/** Exactly round(share × n) household indexes, spread at random (a Fisher–Yates shuffle's first ones). */
function aboveLine(n: number, share: number, d: Draws): Set<number> {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(d.rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return new Set(order.slice(0, Math.round(share * n)));
}

/**
 * The 六算 line items (fen) of a household of `size` whose per-capita net income falls on the side of `line` asked
 * for: a target income split over the sources, drawn again when rounding to whole yuan crosses the line.
 */
function surveyItems(size: number, isAbove: boolean, line: number, d: Draws) {
  const between = (lo: number, hi: number) => lo + d.rnd() * (hi - lo);
  const wholeYuan = (fen: number) => Math.max(0, Math.round(fen / 100) * 100);
  for (;;) {
    const target = isAbove
      ? line + Math.round(between(300, 8_000) * 100)
      : Math.round(between(Math.max(500, line / 100 - 2_500), line / 100 - 150) * 100);
    const net = target * size;
    const weights = {
      agri: between(0.2, 0.6),
      wage: d.rnd() < 0.25 ? 0 : between(0.2, 0.7),
      transfer: between(0.1, size <= 2 ? 0.6 : 0.35),
      property: d.rnd() < 0.3 ? between(0, 0.03) : 0,
      business: d.rnd() < 0.1 ? between(0.05, 0.2) : 0,
    };
    const sum = Object.values(weights).reduce((a, b) => a + b, 0);
    const part = (w: number) => (net * w) / sum;
    const costShare = between(0.2, 0.45);
    const agriGross = part(weights.agri) / (1 - costShare);
    const farmingShare = d.rnd() < 0.15 ? 1 : between(0.45, 0.9);
    const items = {
      farmingIncome: wholeYuan(agriGross * farmingShare),
      livestockIncome: wholeYuan(agriGross * (1 - farmingShare)),
      wageIncome: wholeYuan(part(weights.wage)),
      propertyIncome: wholeYuan(part(weights.property)),
      transferIncome: Math.max(0, Math.round(part(weights.transfer))), // subsidies and pensions come to the fen
      businessNetIncome: wholeYuan(part(weights.business)),
      productionCosts: wholeYuan(agriGross * costShare),
      livingExpenses: wholeYuan(size * between(1_200, 2_800) * 100),
      illnessSpending: d.rnd() < 0.4 ? wholeYuan(between(2_000, 30_000) * 100) : wholeYuan(between(0, 500) * 100),
      studentCosts: d.rnd() < 0.35 ? wholeYuan(between(800, 6_000) * 100) : 0,
    };
    const derived = perCapitaNetIncomeFen({ ...items, householdSize: size });
    if (derived.ok && derived.value.perCapitaFen >= line === isAbove)
      return { items, perCapitaFen: derived.value.perCapitaFen };
  }
}

/** 看: housing A/B, safe water, food and clothing, no child out of school above the line; some lacking below it. */
function observation(size: number, isAbove: boolean, d: Draws) {
  return {
    housing: isAbove ? (d.rnd() < 0.6 ? 'A' : 'B') : d.weighted(HOUSING_BELOW_LINE),
    water: isAbove || d.rnd() >= 0.1,
    food: isAbove || d.rnd() >= 0.03,
    clothing: isAbove || d.rnd() >= 0.02,
    children: !isAbove && size >= 3 && d.rnd() < 0.01 ? 1 : 0,
  };
}

/** Integer fen as yuan text: whole yuan without decimals, else two decimals (123450 → `1234.50`). */
function yuanText(fen: number): string {
  const cents = fen % 100;
  return cents === 0 ? String(fen / 100) : `${Math.floor(fen / 100)}.${String(cents).padStart(2, '0')}`;
}
