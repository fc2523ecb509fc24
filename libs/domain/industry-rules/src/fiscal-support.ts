/**
 * Fiscal support for production (财政扶持产业 / 产业奖补): livestock or seedlings bought for a registered household at
 * the unit prices of the county's catalogue for the year, delivered against the household's signature, and checked
 * for survival (成活率核查) some months after the delivery. Pure: dates are passed in as `YYYY-MM-DD`, money is integer
 * fen, failures are values.
 *
 * Decisions:
 * - Quantities are whole units of the item's unit (头 head, 只, 亩 mu, 株 plant): amount = quantity × unit price,
 *   exact (no rounding anywhere), per line and in total. Totals are summed in BigInt and refused above
 *   `MAX_FISCAL_SUPPORT_FEN`.
 * - A support is priced from one catalogue, that of its year: the catalogue's year must be the year of the day the
 *   support is decided (`decidedOn`); an item not in that catalogue, or an item listed twice, is refused naming the line.
 * - The survival check (成活核查) of a support opens on the delivery day plus the longest `survivalMonths` of its
 *   lines, the day clamped to the target month's last day (2026-08-31 + 6 → 2027-02-28; 2027-08-31 + 6 → 2028-02-29),
 *   and is possible on that day or later.
 * - The survival rate of a line is half_up(surviving × 10000 / quantity) in basis points (万分比); every line of the
 *   support is reported exactly once, with 0 ≤ surviving ≤ quantity.
 */

import type { LocalizedMessage, RuleViolation } from '@fupin/localized';
import { addMonthsClamped, halfUpMulDiv, isIsoDate } from './loan-schedule';

export const FISCAL_ITEM_KINDS = ['livestock', 'seedling', 'other'] as const;
export type FiscalItemKind = (typeof FISCAL_ITEM_KINDS)[number];

export const FISCAL_ITEM_KIND_LABELS: Readonly<Record<FiscalItemKind, LocalizedMessage>> = {
  livestock: { 'zh-CN': '畜禽', en: 'livestock' },
  seedling: { 'zh-CN': '种苗', en: 'seedlings' },
  other: { 'zh-CN': '其他生产物资', en: 'other production inputs' },
};

/** The largest support of one household, fen (10 million yuan): beyond it the figures are not plausible. */
export const MAX_FISCAL_SUPPORT_FEN = 1_000_000_000;
/** The longest wait before a survival check, months. */
export const MAX_SURVIVAL_MONTHS = 60;

export interface FiscalCatalogueItem {
  code: string;
  unitPriceFen: number;
  kind: FiscalItemKind;
  /** Months after the delivery before the survival check (成活核查). */
  survivalMonths: number;
}

export interface FiscalCatalogue {
  year: number;
  items: readonly FiscalCatalogueItem[];
}

export interface FiscalSupportLineInput {
  itemCode: string;
  /** Whole units of the item's unit. */
  quantity: number;
}

export interface PricedFiscalLine {
  itemCode: string;
  quantity: number;
  unitPriceFen: number;
  /** quantity × unitPriceFen, exact. */
  amountFen: number;
  kind: FiscalItemKind;
  survivalMonths: number;
}

export type FiscalSupportPricing =
  { ok: true; lines: PricedFiscalLine[]; totalFen: number } | { ok: false; violations: RuleViolation[] };

const violation = (field: string, rule: string, zh: string, en: string): RuleViolation => ({
  field,
  rule,
  message: { 'zh-CN': zh, en },
});

/** The catalogue's own rules: codes unique, prices whole positive fen, survival months 0–60. */
export function checkFiscalCatalogue(items: readonly FiscalCatalogueItem[]): RuleViolation[] {
  const seen = new Set<string>();
  const out: RuleViolation[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.code))
      out.push(
        violation(
          `items[${i}].code`,
          'catalogue_item_repeated',
          `物资编码 ${item.code} 重复`,
          `item code ${item.code} is listed twice`,
        ),
      );
    seen.add(item.code);
    if (!Number.isSafeInteger(item.unitPriceFen) || item.unitPriceFen < 1)
      out.push(
        violation(
          `items[${i}].unitPriceFen`,
          'unit_price',
          '单价须为正整数（分）',
          'the unit price must be whole fen above 0',
        ),
      );
    if (!Number.isInteger(item.survivalMonths) || item.survivalMonths < 0 || item.survivalMonths > MAX_SURVIVAL_MONTHS)
      out.push(
        violation(
          `items[${i}].survivalMonths`,
          'survival_months',
          `成活核查期须为0至${MAX_SURVIVAL_MONTHS}个月`,
          `the survival check must come 0 to ${MAX_SURVIVAL_MONTHS} months after delivery`,
        ),
      );
  });
  return out;
}

/**
 * The support's lines priced from the catalogue of its year: refused when the catalogue is not that of `decidedOn`'s
 * year, an item is unknown or repeated, a quantity is not a whole number above 0, or the total is implausible.
 */
export function priceFiscalSupport(input: {
  decidedOn: string;
  catalogue: FiscalCatalogue;
  lines: readonly FiscalSupportLineInput[];
}): FiscalSupportPricing {
  const { decidedOn, catalogue, lines } = input;
  if (!isIsoDate(decidedOn))
    return {
      ok: false,
      violations: [violation('decidedOn', 'date', '须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date')],
    };
  const year = Number(decidedOn.slice(0, 4));
  if (catalogue.year !== year)
    return {
      ok: false,
      violations: [
        violation(
          'catalogueYear',
          'catalogue_year',
          `须使用${year}年度的扶持目录（决定日 ${decidedOn}），不能使用${catalogue.year}年度的`,
          `the support decided on ${decidedOn} is priced from the ${year} catalogue, not that of ${catalogue.year}`,
        ),
      ],
    };
  const violations = lineViolations(catalogue, lines);
  if (violations.length) return { ok: false, violations };
  const byCode = new Map(catalogue.items.map((item) => [item.code, item]));
  const priced = lines.map((line) => {
    const item = byCode.get(line.itemCode)!;
    const amount = BigInt(line.quantity) * BigInt(item.unitPriceFen);
    return { line, item, amount };
  });
  const total = priced.reduce((sum, p) => sum + p.amount, 0n);
  if (total > BigInt(MAX_FISCAL_SUPPORT_FEN))
    return {
      ok: false,
      violations: [
        violation(
          'lines',
          'support_total',
          `扶持总额不得超过${MAX_FISCAL_SUPPORT_FEN / 100}元`,
          `the support may not exceed ${MAX_FISCAL_SUPPORT_FEN / 100} yuan`,
        ),
      ],
    };
  return {
    ok: true,
    totalFen: Number(total),
    lines: priced.map(({ line, item, amount }) => ({
      itemCode: item.code,
      quantity: line.quantity,
      unitPriceFen: item.unitPriceFen,
      amountFen: Number(amount),
      kind: item.kind,
      survivalMonths: item.survivalMonths,
    })),
  };
}

function lineViolations(catalogue: FiscalCatalogue, lines: readonly FiscalSupportLineInput[]): RuleViolation[] {
  if (!lines.length)
    return [violation('lines', 'lines_required', '至少须有一项扶持物资', 'at least one item is required')];
  const known = new Set(catalogue.items.map((item) => item.code));
  const seen = new Set<string>();
  const out: RuleViolation[] = [];
  lines.forEach((line, i) => {
    if (!known.has(line.itemCode))
      out.push(
        violation(
          `lines[${i}].itemCode`,
          'catalogue_item',
          `物资 ${line.itemCode} 不在${catalogue.year}年度扶持目录中`,
          `item ${line.itemCode} is not in the ${catalogue.year} catalogue`,
        ),
      );
    else if (seen.has(line.itemCode))
      out.push(
        violation(
          `lines[${i}].itemCode`,
          'item_repeated',
          `物资 ${line.itemCode} 重复列出`,
          `item ${line.itemCode} is listed twice`,
        ),
      );
    seen.add(line.itemCode);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
      out.push(
        violation(`lines[${i}].quantity`, 'quantity', '数量须为正整数', 'the quantity must be a whole number above 0'),
      );
  });
  return out;
}

/** The first day the survival check of a support delivered on `deliveredOn` is possible. */
export function survivalCheckOpensOn(deliveredOn: string, lines: readonly Pick<PricedFiscalLine, 'survivalMonths'>[]) {
  const months = Math.max(0, ...lines.map((l) => l.survivalMonths));
  return addMonthsClamped(deliveredOn, months);
}

/** The survival check's date: on or after the day it opens (the refusal names that day). */
export function checkSurvivalCheckDate(checkedOn: string, opensOn: string): RuleViolation[] {
  if (!isIsoDate(checkedOn))
    return [violation('checkedOn', 'date', '须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date')];
  if (checkedOn >= opensOn) return [];
  return [
    violation(
      'checkedOn',
      'survival_check_too_early',
      `成活核查须在 ${opensOn} 或之后进行（核查日 ${checkedOn}）`,
      `the survival check is possible from ${opensOn} (checkedOn ${checkedOn})`,
    ),
  ];
}

export interface SurvivalReport {
  itemCode: string;
  surviving: number;
}

export type SurvivalRates =
  | { ok: true; lines: { itemCode: string; quantity: number; surviving: number; survivalRateBp: number }[] }
  | { ok: false; violations: RuleViolation[] };

/** Each line's survival rate in basis points, half-up; every delivered line reported once, 0 ≤ surviving ≤ quantity. */
export function survivalRates(
  delivered: readonly Pick<PricedFiscalLine, 'itemCode' | 'quantity'>[],
  reported: readonly SurvivalReport[],
): SurvivalRates {
  const quantities = new Map(delivered.map((l) => [l.itemCode, l.quantity]));
  const seen = new Set<string>();
  const out: RuleViolation[] = [];
  reported.forEach((r, i) => {
    const quantity = quantities.get(r.itemCode);
    if (quantity === undefined || seen.has(r.itemCode))
      out.push(
        violation(
          `lines[${i}].itemCode`,
          quantity === undefined ? 'support_line' : 'item_repeated',
          `物资 ${r.itemCode} 不是本次扶持的物资，或重复列出`,
          `item ${r.itemCode} is not a line of this support, or is listed twice`,
        ),
      );
    else if (!Number.isSafeInteger(r.surviving) || r.surviving < 0 || r.surviving > quantity)
      out.push(
        violation(
          `lines[${i}].surviving`,
          'surviving',
          `成活数须在0至${quantity}之间`,
          `surviving must be 0 to ${quantity}`,
        ),
      );
    seen.add(r.itemCode);
  });
  const missing = delivered.filter((l) => !seen.has(l.itemCode)).map((l) => l.itemCode);
  if (missing.length)
    out.push(
      violation(
        'lines',
        'lines_complete',
        `缺少物资的成活数：${missing.join('、')}`,
        `surviving not reported for: ${missing.join(', ')}`,
      ),
    );
  if (out.length) return { ok: false, violations: out };
  return {
    ok: true,
    lines: delivered.map((l) => {
      const surviving = reported.find((r) => r.itemCode === l.itemCode)!.surviving;
      return {
        itemCode: l.itemCode,
        quantity: l.quantity,
        surviving,
        survivalRateBp: halfUpMulDiv(surviving, 10_000, l.quantity),
      };
    }),
  };
}
