import {
  ASSISTANCE_CATEGORIES,
  ASSISTANCE_CATEGORY_LABELS,
  HEALTH_STATUSES,
  HEALTH_STATUS_LABELS,
  LABOUR_ABILITIES,
  LABOUR_ABILITY_LABELS,
  POVERTY_CAUSES,
  POVERTY_CAUSE_LABELS,
  isCalendarDate,
  type AssistanceCategory,
  type HealthStatus,
  type LabourAbility,
  type PovertyCause,
} from '@fupin/identification-rules';
import type { ImportError } from './error-report';

/** Canonical fields of a county roster row (one row per person). */
export type RosterField =
  | 'householdKey'
  | 'villageCode'
  | 'idNumber'
  | 'name'
  | 'birthDate'
  | 'sex'
  | 'relation'
  | 'ethnicity'
  | 'education'
  | 'studentStatus'
  | 'health'
  | 'labourAbility'
  | 'basicMedicalInsured'
  | 'pensionInsured'
  | 'phone'
  | 'mainCause'
  | 'otherCauses'
  | 'assistanceCategory';

export interface RosterColumn {
  field: RosterField;
  /** The name used in reports when the file lacks the column (snake_case, as the template's English header). */
  canonical: string;
  /** Chinese header of the template. */
  zh: string;
  /** Every header accepted for it (compared after normalisation). */
  aliases: readonly string[];
  required: boolean;
}

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  {
    field: 'householdKey',
    canonical: 'household_key',
    zh: '户编号',
    aliases: ['householdkey', '户编号', '户号', '户编码', '家庭编号'],
    required: true,
  },
  {
    field: 'villageCode',
    canonical: 'village_code',
    zh: '村代码',
    aliases: ['villagecode', '村代码', '村编码', '行政村代码', '行政区划代码'],
    required: true,
  },
  {
    field: 'idNumber',
    canonical: 'id_number',
    zh: '身份证号',
    aliases: ['idnumber', 'idno', '身份证号', '身份证号码', '证件号码', '公民身份号码'],
    required: true,
  },
  { field: 'name', canonical: 'name', zh: '姓名', aliases: ['name', '姓名'], required: true },
  {
    field: 'birthDate',
    canonical: 'birth_date',
    zh: '出生日期',
    aliases: ['birthdate', 'dateofbirth', '出生日期'],
    required: true,
  },
  { field: 'sex', canonical: 'sex', zh: '性别', aliases: ['sex', 'gender', '性别'], required: false },
  {
    field: 'relation',
    canonical: 'relation',
    zh: '与户主关系',
    aliases: ['relation', 'relationtohead', '与户主关系'],
    required: true,
  },
  { field: 'ethnicity', canonical: 'ethnicity', zh: '民族', aliases: ['ethnicity', '民族'], required: false },
  { field: 'education', canonical: 'education', zh: '文化程度', aliases: ['education', '文化程度'], required: false },
  {
    field: 'studentStatus',
    canonical: 'student_status',
    zh: '在校生状况',
    aliases: ['studentstatus', '在校生状况', '在校生情况'],
    required: false,
  },
  { field: 'health', canonical: 'health', zh: '健康状况', aliases: ['health', '健康状况'], required: false },
  {
    field: 'labourAbility',
    canonical: 'labour_ability',
    zh: '劳动能力',
    aliases: ['labourability', 'laborability', '劳动能力', '劳动技能'],
    required: false,
  },
  {
    field: 'basicMedicalInsured',
    canonical: 'basic_medical_insured',
    zh: '是否参加基本医疗保险',
    aliases: [
      'basicmedicalinsured',
      '是否参加基本医疗保险',
      '是否参加城乡居民基本医疗保险',
      '参加基本医疗保险',
      '基本医疗保险',
    ],
    required: false,
  },
  {
    field: 'pensionInsured',
    canonical: 'pension_insured',
    zh: '是否参加基本养老保险',
    aliases: [
      'pensioninsured',
      '是否参加基本养老保险',
      '是否参加城乡居民基本养老保险',
      '参加基本养老保险',
      '基本养老保险',
    ],
    required: false,
  },
  {
    field: 'phone',
    canonical: 'phone',
    zh: '联系电话',
    aliases: ['phone', 'telephone', '联系电话', '电话', '手机号码'],
    required: false,
  },
  {
    field: 'mainCause',
    canonical: 'main_cause',
    zh: '主要致贫原因',
    aliases: ['maincause', '主要致贫原因'],
    required: true,
  },
  {
    field: 'otherCauses',
    canonical: 'other_causes',
    zh: '其他致贫原因',
    aliases: ['othercauses', '其他致贫原因', '次要致贫原因'],
    required: false,
  },
  {
    field: 'assistanceCategory',
    canonical: 'assistance_category',
    zh: '帮扶类别',
    aliases: ['assistancecategory', '帮扶类别', '五个一批', '脱贫途径'],
    required: false,
  },
];

/** Header text compared loosely: case, spaces, `_`/`-`, a trailing `*` and parenthesised notes such as `(YYYY-MM-DD)` are ignored. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s_\-*＊]/g, '')
    .toLowerCase();
}

export interface ColumnMapping {
  /** Index of each field's column in the file. */
  index: Partial<Record<RosterField, number>>;
  /** The header of each field as the file writes it (or the canonical name when missing). */
  label: Record<RosterField, string>;
  /** Problems with the header row (reported on row 1); any of them fails the whole file. */
  errors: ImportError[];
}

/** Map a header row to roster fields; missing required columns and columns given twice are errors. */
export function mapRosterHeaders(headers: readonly string[]): ColumnMapping {
  const index: Partial<Record<RosterField, number>> = {};
  const label = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.field, c.canonical])) as Record<RosterField, string>;
  const errors: ImportError[] = [];
  headers.forEach((header, i) => {
    const norm = normaliseHeader(header);
    if (norm === '') return;
    const column = ROSTER_COLUMNS.find((c) => c.aliases.includes(norm));
    if (!column) return; // extra columns (序号, 备注 …) are ignored
    if (index[column.field] !== undefined) {
      errors.push({
        row: 1,
        column: header,
        rule: 'duplicate_column',
        message: {
          'zh-CN': `表头中“${column.zh}”列出现了两次`,
          en: `the header has the ${column.canonical} column twice`,
        },
      });
      return;
    }
    index[column.field] = i;
    label[column.field] = header;
  });
  for (const c of ROSTER_COLUMNS) {
    if (c.required && index[c.field] === undefined) {
      errors.push({
        row: 1,
        column: c.canonical,
        rule: 'missing_column',
        message: {
          'zh-CN': `缺少必填列“${c.zh}”（${c.canonical}）`,
          en: `the required column ${c.canonical} (${c.zh}) is missing`,
        },
      });
    }
  }
  return { index, label, errors };
}

// ----- values --------------------------------------------------------------------------------------------------

function lookup<T extends string>(
  codes: readonly T[],
  labels: Readonly<Record<T, { 'zh-CN': string; en: string }>>,
  extra: Record<string, T> = {},
): Map<string, T> {
  const map = new Map<string, T>();
  for (const code of codes) {
    map.set(code.toLowerCase(), code);
    map.set(labels[code]['zh-CN'], code);
    map.set(labels[code].en.toLowerCase(), code);
  }
  for (const [k, v] of Object.entries(extra)) map.set(k.toLowerCase(), v);
  return map;
}

const HEALTH = lookup<HealthStatus>(HEALTH_STATUSES, HEALTH_STATUS_LABELS, {
  chronic: 'chronic_illness',
  慢性病: 'chronic_illness',
  患有慢性病: 'chronic_illness',
  长期慢性病: 'chronic_illness',
  serious: 'serious_illness',
  患有大病: 'serious_illness',
  大病: 'serious_illness',
  disabled: 'disability',
  残疾人: 'disability',
});
const LABOUR = lookup<LabourAbility>(LABOUR_ABILITIES, LABOUR_ABILITY_LABELS, {
  normal: 'ordinary',
  普通劳动力: 'ordinary',
  一般劳动力: 'ordinary',
  技能劳动力: 'skilled',
  丧失劳动力: 'lost',
  无劳动力: 'none',
});
const CAUSES = lookup<PovertyCause>(POVERTY_CAUSES, POVERTY_CAUSE_LABELS, {
  交通落后: 'poor_transport',
  交通条件落后: 'poor_transport',
  缺乏发展动力: 'lack_of_motivation',
});
const ASSISTANCE = lookup<AssistanceCategory>(ASSISTANCE_CATEGORIES, ASSISTANCE_CATEGORY_LABELS, {
  发展生产: 'production',
  发展产业: 'production',
  产业扶持: 'production',
  易地搬迁: 'relocation',
  易地扶贫搬迁: 'relocation',
  生态补偿: 'ecological_compensation',
  发展教育: 'education',
  教育扶贫: 'education',
  社会保障兜底: 'social_security',
  社保兜底: 'social_security',
  兜底保障: 'social_security',
});

export const parseHealth = (v: string): HealthStatus | undefined => HEALTH.get(v.toLowerCase());
export const parseLabourAbility = (v: string): LabourAbility | undefined => LABOUR.get(v.toLowerCase());
export const parseCause = (v: string): PovertyCause | undefined => CAUSES.get(v.toLowerCase());
export const parseAssistanceCategory = (v: string): AssistanceCategory | undefined => ASSISTANCE.get(v.toLowerCase());

const YES = new Set(['是', 'true', '1', 'y', 'yes', '√', '已参加', '参加']);
const NO = new Set(['否', 'false', '0', 'n', 'no', '×', '未参加', '不参加']);

/** 是/否, true/false, 1/0, yes/no; empty means not enrolled; anything else is undefined (an error). */
export function parseYesNo(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (s === '' || NO.has(s)) return false;
  if (YES.has(s)) return true;
  return undefined;
}

/** Other causes: separated by ; ； 、 , ， or | (at most two are allowed, checked by the rule). */
export function splitCauses(v: string): string[] {
  return v
    .split(/[;；、,，|/]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** 男/女, male/female, M/F; undefined when unreadable. */
export function parseSex(v: string): 'male' | 'female' | undefined {
  const s = v.trim().toLowerCase();
  if (['男', 'male', 'm', '1'].includes(s)) return 'male';
  if (['女', 'female', 'f', '2'].includes(s)) return 'female';
  return undefined;
}

/** Days from 1899-12-30 (Excel's day zero, 1900 system) to a YYYY-MM-DD date. */
export function excelSerialToDate(serial: number): string | undefined {
  if (!Number.isInteger(serial) || serial < 1 || serial > 2_958_465) return undefined;
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A birth date as YYYY-MM-DD from the usual ways people write it: 1980-03-07, 1980/3/7, 1980.3.7,
 * 19800307, 1980年3月7日, or (when Excel stored it as a number) a day serial. Undefined when not a real date.
 */
export function parseDate(v: string, storedAsNumber = false): string | undefined {
  const s = v.trim();
  if (storedAsNumber && /^\d{1,7}$/.test(s)) return excelSerialToDate(Number(s));
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isCalendarDate(date) ? date : undefined;
}

/** 11-digit mobile (1[3-9]…) or a landline with area code (0xxx-xxxxxxx); spaces and dashes in mobiles removed. */
export function parsePhone(v: string): string | undefined {
  const compact = v.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(compact)) return compact;
  if (/^0\d{2,3}-?\d{7,8}$/.test(v.trim())) return v.trim();
  return undefined;
}

/** The head of household (户主); `head` and 本人 are read as 户主. */
export function isHeadRelation(relation: string): boolean {
  return ['户主', 'head', '本人'].includes(relation.trim().toLowerCase());
}
