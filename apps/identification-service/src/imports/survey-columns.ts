import type { LocalizedMessage } from '@fupin/localized';
import { HOUSING_GRADES, type HousingGrade } from '@fupin/identification-rules';
import type { ImportError } from './error-report';
import { ROSTER_COLUMNS, normaliseHeader, parseYesNo } from './roster-columns';
import type { Table } from './tabular';

/**
 * Columns and values of a survey file (入户调查批量导入): one row per household — which household
 * (`household_id`, or `village_code` + `household_key` as the roster has them), the income year, the ten
 * line items of the six calculations (六算) in yuan, and what the surveyor saw (看: housing grade, water …).
 * Everything here is pure; the import (survey-import.ts) resolves the households and writes.
 */

/** The ten line items, in the order of the survey form; amounts are stored in integer fen. */
export const SURVEY_ITEMS = [
  'farmingIncome',
  'livestockIncome',
  'wageIncome',
  'propertyIncome',
  'transferIncome',
  'businessNetIncome',
  'productionCosts',
  'livingExpenses',
  'illnessSpending',
  'studentCosts',
] as const;
export type SurveyItem = (typeof SURVEY_ITEMS)[number];

export type SurveyField =
  | 'householdId'
  | 'villageCode'
  | 'householdKey'
  | 'incomeYear'
  | 'householdSize'
  | SurveyItem
  | 'housingGrade'
  | 'drinkingWaterSafe'
  | 'foodSecure'
  | 'clothingSecure'
  | 'childrenOutOfSchool';

export interface SurveyColumn {
  field: SurveyField;
  canonical: string;
  zh: string;
  /** Accepted headers after `normaliseHeader` (so `种植业收入（元）` and `Farming_Income` both match). */
  aliases: readonly string[];
  /** Required column (household identification is checked separately: id, or village + key). */
  required: boolean;
}

const rosterAliases = (field: 'villageCode' | 'householdKey') => ROSTER_COLUMNS.find((c) => c.field === field)!.aliases;

export const SURVEY_COLUMNS: readonly SurveyColumn[] = [
  {
    field: 'householdId',
    canonical: 'household_id',
    zh: '户ID',
    aliases: ['householdid', '户id', '户主键', '系统户id', '户唯一标识'],
    required: false,
  },
  {
    field: 'villageCode',
    canonical: 'village_code',
    zh: '村代码',
    aliases: rosterAliases('villageCode'),
    required: false,
  },
  {
    field: 'householdKey',
    canonical: 'household_key',
    zh: '户编号',
    aliases: rosterAliases('householdKey'),
    required: false,
  },
  {
    field: 'incomeYear',
    canonical: 'income_year',
    zh: '收入年度',
    aliases: ['incomeyear', 'year', '收入年度', '收入年份', '调查年度', '年度'],
    required: true,
  },
  {
    field: 'householdSize',
    canonical: 'household_size',
    zh: '家庭人口',
    aliases: ['householdsize', '家庭人口', '家庭人口数', '家庭人数', '人口数', '计算人口'],
    required: false,
  },
  {
    field: 'farmingIncome',
    canonical: 'farming_income',
    zh: '种植业收入',
    aliases: ['farmingincome', '种植业收入', '种植收入'],
    required: true,
  },
  {
    field: 'livestockIncome',
    canonical: 'livestock_income',
    zh: '养殖业收入',
    aliases: ['livestockincome', '养殖业收入', '养殖收入'],
    required: true,
  },
  {
    field: 'wageIncome',
    canonical: 'wage_income',
    zh: '工资性收入',
    aliases: ['wageincome', '工资性收入', '务工收入', '工资收入'],
    required: true,
  },
  {
    field: 'propertyIncome',
    canonical: 'property_income',
    zh: '财产性收入',
    aliases: ['propertyincome', '财产性收入', '财产收入'],
    required: true,
  },
  {
    field: 'transferIncome',
    canonical: 'transfer_income',
    zh: '转移性收入',
    aliases: ['transferincome', '转移性收入', '转移收入'],
    required: true,
  },
  {
    field: 'businessNetIncome',
    canonical: 'business_net_income',
    zh: '经营净收入',
    aliases: ['businessnetincome', '经营净收入', '其他经营净收入'],
    required: true,
  },
  {
    field: 'productionCosts',
    canonical: 'production_costs',
    zh: '生产经营性支出',
    aliases: ['productioncosts', '生产经营性支出', '生产性支出', '生产经营支出'],
    required: true,
  },
  {
    field: 'livingExpenses',
    canonical: 'living_expenses',
    zh: '生活支出',
    aliases: ['livingexpenses', '生活支出', '生活消费支出'],
    required: true,
  },
  {
    field: 'illnessSpending',
    canonical: 'illness_spending',
    zh: '因病因灾支出',
    aliases: ['illnessspending', '因病因灾支出', '因病支出', '医疗支出'],
    required: true,
  },
  {
    field: 'studentCosts',
    canonical: 'student_costs',
    zh: '学生费用',
    aliases: ['studentcosts', '学生费用', '教育支出', '上学费用'],
    required: true,
  },
  {
    field: 'housingGrade',
    canonical: 'housing_grade',
    zh: '房屋安全等级',
    aliases: ['housinggrade', '房屋安全等级', '住房安全等级', '房屋等级', '危房等级'],
    required: true,
  },
  {
    field: 'drinkingWaterSafe',
    canonical: 'drinking_water_safe',
    zh: '饮水安全',
    aliases: ['drinkingwatersafe', '饮水安全', '饮水是否安全', '饮水安全有保障'],
    required: true,
  },
  {
    field: 'foodSecure',
    canonical: 'food_secure',
    zh: '不愁吃',
    aliases: ['foodsecure', '不愁吃', '吃饭不愁'],
    required: false,
  },
  {
    field: 'clothingSecure',
    canonical: 'clothing_secure',
    zh: '不愁穿',
    aliases: ['clothingsecure', '不愁穿', '穿衣不愁'],
    required: false,
  },
  {
    field: 'childrenOutOfSchool',
    canonical: 'children_out_of_school',
    zh: '失学辍学儿童数',
    aliases: ['childrenoutofschool', '失学辍学儿童数', '辍学儿童数', '失学儿童数', '失学辍学人数'],
    required: false,
  },
];

const COLUMN = new Map(SURVEY_COLUMNS.map((c) => [c.field, c]));
const msg = (zh: string, en: string): LocalizedMessage => ({ 'zh-CN': zh, en });

export interface SurveyColumnMapping {
  index: Partial<Record<SurveyField, number>>;
  label: Record<SurveyField, string>;
  errors: ImportError[];
}

/**
 * Map a header row to survey fields. Required: `income_year`, the ten items, `housing_grade`,
 * `drinking_water_safe`, and a way to find the household — `household_id`, or `village_code` with `household_key`.
 */
export function mapSurveyHeaders(headers: readonly string[]): SurveyColumnMapping {
  const index: Partial<Record<SurveyField, number>> = {};
  const label = Object.fromEntries(SURVEY_COLUMNS.map((c) => [c.field, c.canonical])) as Record<SurveyField, string>;
  const errors: ImportError[] = [];
  headers.forEach((header, i) => {
    const norm = normaliseHeader(header);
    if (norm === '') return;
    const column = SURVEY_COLUMNS.find((c) => c.aliases.includes(norm));
    if (!column) return; // 序号, 户主姓名, 备注 … are ignored
    if (index[column.field] !== undefined) {
      errors.push({
        row: 1,
        column: header,
        rule: 'duplicate_column',
        message: msg(`表头中“${column.zh}”列出现了两次`, `the header has the ${column.canonical} column twice`),
      });
      return;
    }
    index[column.field] = i;
    label[column.field] = header;
  });
  const missing = (c: SurveyColumn) =>
    errors.push({
      row: 1,
      column: c.canonical,
      rule: 'missing_column',
      message: msg(`缺少必填列“${c.zh}”（${c.canonical}）`, `the required column ${c.canonical} (${c.zh}) is missing`),
    });
  if (index.householdId === undefined) {
    if (index.villageCode === undefined && index.householdKey === undefined) {
      errors.push({
        row: 1,
        column: 'household_id',
        rule: 'missing_column',
        message: msg(
          '缺少户的标识列：须有“户ID”（household_id）列，或“村代码”与“户编号”两列',
          'no household column: give household_id, or village_code together with household_key',
        ),
      });
    } else if (index.villageCode === undefined) missing(COLUMN.get('villageCode')!);
    else if (index.householdKey === undefined) missing(COLUMN.get('householdKey')!);
  }
  for (const c of SURVEY_COLUMNS) if (c.required && index[c.field] === undefined) missing(c);
  return { index, label, errors };
}

// ----- values --------------------------------------------------------------------------------------------------

/** Largest line item accepted: 1,000,000,000 yuan, as the single-household survey endpoint. */
export const MAX_ITEM_FEN = 100_000_000_000;

const PLAIN_YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; rule: string; message: LocalizedMessage };
const bad = <T>(rule: string, zh: string, en: string): Parsed<T> => ({ ok: false, rule, message: msg(zh, en) });

/**
 * An amount in yuan (元, at most two decimals) as integer fen, exactly: the decimal string is split at the
 * point and read as integers, never through floating point — `1234.5` → 123450, `0.07` → 7.
 * Accepted: `1234`, `1234.5`, `1,234.50`, `¥1234`, `1234元`, full-width digits. Refused: empty, negative,
 * more than two decimals (`1.234`), anything not a number, more than 1,000,000,000 yuan.
 *
 * `storedAsNumber` (an XLSX number cell): Excel's binary floating point can leave `1234.5600000000002` or
 * `0.30000000000000004` after a formula; when the digits beyond the cents are such a run of 0s or 9s
 * (≥ 6, with at most 3 digits of noise after it) the value is read as the cents it stands for.
 */
export function parseYuanToFen(raw: string, storedAsNumber = false): Parsed<number> {
  // fast path, the usual cell: up to 9 digits of yuan (integer arithmetic stays far inside the exact range)
  const plain = PLAIN_YUAN.exec(raw);
  if (plain) {
    const cents = plain[2] === undefined ? 0 : plain[2].length === 1 ? Number(plain[2]) * 10 : Number(plain[2]);
    return { ok: true, value: Number(plain[1]) * 100 + cents };
  }
  let s = raw.normalize('NFKC').trim();
  if (s === '')
    return bad('required', '金额不能为空（没有该项请填0）', 'amount is required (enter 0 when there is none)');
  s = s.replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  if (/^-\s*(\d|\.\d)/.test(s) || /^\(\d[\d,.]*\)$/.test(s))
    return bad('non_negative', `金额“${raw}”不能为负数`, `amount "${raw}" must not be negative`);
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  const m = /^(\d*)(?:\.(\d+))?$/.exec(s);
  if (!m || (m[1] === '' && m[2] === undefined))
    return bad(
      'amount_format',
      `金额“${raw}”不是数字（单位：元，最多两位小数）`,
      `amount "${raw}" is not a number of yuan (at most two decimals)`,
    );
  const whole = m[1] === '' ? '0' : m[1];
  let frac = m[2] ?? '';
  let carry = 0n;
  if (frac.length > 2) {
    const noise = /^(\d{2})(0{6,}|9{6,})\d{0,3}$/.exec(frac);
    if (storedAsNumber && noise) {
      carry = noise[2].startsWith('9') ? 1n : 0n;
      frac = noise[1];
    } else {
      return bad(
        'amount_decimals',
        `金额“${raw}”最多两位小数（元，精确到分）`,
        `amount "${raw}" has more than two decimals (yuan, to the fen)`,
      );
    }
  }
  const fen = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0')) + carry;
  if (fen > BigInt(MAX_ITEM_FEN))
    return bad(
      'too_large',
      `金额“${raw}”过大（不超过10亿元）`,
      `amount "${raw}" is implausibly large (at most 1,000,000,000 yuan)`,
    );
  return { ok: true, value: Number(fen) };
}

/** Income year 2014–2100 (`2020`, `2020年`, `2020年度`); the year in which the income year ends. */
export function parseIncomeYear(raw: string): Parsed<number> {
  const m = /^(\d{4})(年度?)?$/.exec(raw.normalize('NFKC').trim());
  const year = m ? Number(m[1]) : NaN;
  if (!m || year < 2014 || year > 2100)
    return bad(
      'income_year',
      `收入年度“${raw}”应为2014至2100之间的年份`,
      `income_year "${raw}" must be a year from 2014 to 2100`,
    );
  return { ok: true, value: year };
}

/** A whole count from `min` to `max` (`4`, `4人`). */
export function parseCount(raw: string, min: number, max: number, zh: string, name: string): Parsed<number> {
  const m = /^(\d{1,3})(人|个|名)?$/.exec(raw.normalize('NFKC').trim());
  const n = m ? Number(m[1]) : NaN;
  if (!m || n < min || n > max)
    return bad(
      'count',
      `${zh}“${raw}”应为${min}至${max}之间的整数`,
      `${name} "${raw}" must be a whole number from ${min} to ${max}`,
    );
  return { ok: true, value: n };
}

/** 房屋安全等级 A–D: `A`, `a`, `A级`, `A类`, `A级（安全）`. */
export function parseHousingGrade(raw: string): Parsed<HousingGrade> {
  const s = raw
    .normalize('NFKC')
    .replace(/[(（][^)）]*[)）]/g, '')
    .trim()
    .toUpperCase();
  const m = /^([A-Z])(级|类)?$/.exec(s);
  if (m && (HOUSING_GRADES as readonly string[]).includes(m[1])) return { ok: true, value: m[1] as HousingGrade };
  return bad('housing_grade', `房屋安全等级“${raw}”应为 A、B、C 或 D`, `housing_grade "${raw}" must be A, B, C or D`);
}

/** 是/否, true/false, 1/0, 安全/不安全 …; empty gives `empty` (undefined when the value is required). */
export function parseFlag(raw: string, empty: boolean | undefined, zh: string, name: string): Parsed<boolean> {
  const s = raw.normalize('NFKC').trim();
  if (s === '') {
    return empty === undefined
      ? bad('required', `${zh}不能为空（填“是”或“否”）`, `${name} is required (是/否, true/false)`)
      : { ok: true, value: empty };
  }
  if (['安全', '有保障', '已保障', '达标'].includes(s)) return { ok: true, value: true };
  if (['不安全', '无保障', '未保障', '不达标'].includes(s)) return { ok: true, value: false };
  const v = parseYesNo(s);
  return v === undefined
    ? bad('yes_no', `${zh}应填“是”或“否”，不是“${raw}”`, `${name} must be 是/否 (true/false), not "${raw}"`)
    : { ok: true, value: v };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ----- rows ----------------------------------------------------------------------------------------------------

export interface SurveyObservation {
  housingGrade: HousingGrade;
  drinkingWaterSafe: boolean;
  foodSecure: boolean;
  clothingSecure: boolean;
  childrenOutOfSchool: number;
}

/** One data row, read; `errors` empty means every value is good (the household is found later). */
export interface SurveyRow {
  row: number;
  householdId: string | null;
  villageCode: string | null;
  householdKey: string | null;
  /** How the report names the household: its key, else its id. */
  reportKey: string | undefined;
  incomeYear: number;
  /** Given in the file; null means the household's member count (as the single-household endpoint). */
  householdSize: number | null;
  items: Record<SurveyItem, number>;
  observation: SurveyObservation;
  errors: ImportError[];
}

export interface ValidatedSurveys {
  headerErrors: ImportError[];
  rows: SurveyRow[];
  totalRows: number;
  label: Record<SurveyField, string>;
}

/** Read and check every row in memory (no database): format, ranges, the household's identification. */
export function validateSurveyTable(table: Table, ctx: { countyCode: string }): ValidatedSurveys {
  const mapping = mapSurveyHeaders(table.headers);
  const { index, label } = mapping;
  if (mapping.errors.length > 0) return { headerErrors: mapping.errors, rows: [], totalRows: table.rows.length, label };
  const rows: SurveyRow[] = [];
  for (const r of table.rows) {
    const get = (f: SurveyField) => {
      const i = index[f];
      return i === undefined ? '' : (r.cells[i] ?? '');
    };
    const numeric = (f: SurveyField) => {
      const i = index[f];
      return i !== undefined && (r.numericCells?.has(i) ?? false);
    };
    const id = get('householdId');
    const village = get('villageCode');
    const key = get('householdKey');
    const out: SurveyRow = {
      row: r.row,
      householdId: id || null,
      villageCode: village || null,
      householdKey: key || null,
      reportKey: key || id || undefined,
      incomeYear: 0,
      householdSize: null,
      items: {} as Record<SurveyItem, number>,
      observation: {
        housingGrade: 'A',
        drinkingWaterSafe: true,
        foodSecure: true,
        clothingSecure: true,
        childrenOutOfSchool: 0,
      },
      errors: [],
    };
    const fail = (field: SurveyField, rule: string, message: LocalizedMessage) =>
      out.errors.push({ row: r.row, column: label[field], rule, message, householdKey: out.reportKey });
    const take = <T>(field: SurveyField, parsed: Parsed<T>, set: (v: T) => void) => {
      if (parsed.ok) set(parsed.value);
      else fail(field, parsed.rule, parsed.message);
    };

    // which household: household_id, else village_code + household_key (inside the caller's county)
    if (id !== '') {
      if (!UUID.test(id))
        fail('householdId', 'format', msg(`户ID“${id}”格式不正确（应为UUID）`, `household_id "${id}" is not a UUID`));
      else out.householdId = id.toLowerCase();
    } else if (village === '' && key === '') {
      fail(
        index.householdId !== undefined ? 'householdId' : 'householdKey',
        'required',
        msg('须填写户ID，或村代码与户编号', 'household_id, or village_code with household_key, is required'),
      );
    }
    if (village !== '' || (id === '' && key !== '')) {
      if (village === '')
        fail(
          'villageCode',
          'required',
          msg('填写户编号时须同时填写村代码', 'village_code is required with household_key'),
        );
      else if (!/^\d{12}$/.test(village))
        fail(
          'villageCode',
          'format',
          msg(`村代码“${village}”应为12位数字`, `village_code "${village}" must be 12 digits`),
        );
      else if (!village.startsWith(ctx.countyCode)) {
        fail(
          'villageCode',
          'out_of_jurisdiction',
          msg(
            `村 ${village} 不在您所辖的县 ${ctx.countyCode} 内`,
            `village ${village} is outside your county ${ctx.countyCode}`,
          ),
        );
      }
      if (id === '' && key === '')
        fail(
          'householdKey',
          'required',
          msg(
            '填写村代码时须同时填写户编号（或填写户ID）',
            'household_key is required with village_code (or give household_id)',
          ),
        );
    }

    take('incomeYear', parseIncomeYear(get('incomeYear')), (v) => (out.incomeYear = v));
    const size = get('householdSize');
    if (size !== '')
      take('householdSize', parseCount(size, 1, 30, '家庭人口', 'household_size'), (v) => (out.householdSize = v));
    for (const item of SURVEY_ITEMS) take(item, parseYuanToFen(get(item), numeric(item)), (v) => (out.items[item] = v));

    take('housingGrade', parseHousingGrade(get('housingGrade')), (v) => (out.observation.housingGrade = v));
    take(
      'drinkingWaterSafe',
      parseFlag(get('drinkingWaterSafe'), undefined, '饮水安全', 'drinking_water_safe'),
      (v) => (out.observation.drinkingWaterSafe = v),
    );
    take(
      'foodSecure',
      parseFlag(get('foodSecure'), true, '不愁吃', 'food_secure'),
      (v) => (out.observation.foodSecure = v),
    );
    take(
      'clothingSecure',
      parseFlag(get('clothingSecure'), true, '不愁穿', 'clothing_secure'),
      (v) => (out.observation.clothingSecure = v),
    );
    const children = get('childrenOutOfSchool');
    if (children !== '')
      take(
        'childrenOutOfSchool',
        parseCount(children, 0, 20, '失学辍学儿童数', 'children_out_of_school'),
        (v) => (out.observation.childrenOutOfSchool = v),
      );
    rows.push(out);
  }
  return { headerErrors: [], rows, totalRows: table.rows.length, label };
}
