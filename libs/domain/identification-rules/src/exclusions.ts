import { isCalendarDate, type LocalizedMessage, type RuleViolation } from './messages';
import { validateResidentId } from './resident-id';

/**
 * 四不列 (SPEC §3.2): a household is not registered when a member owns a non-productive vehicle, owns commercial
 * housing, is paid from public funds, or runs a business. Each is a data source a department loads in bulk; the
 * check matches by resident ID number and every hit keeps its source, batch and load time. A household related to
 * a village cadre is NOT excluded but flagged for township review (against 优亲厚友).
 */
export const EXCLUSION_SOURCES = [
  'vehicle', // 车辆登记 (公安交管)
  'commercial_housing', // 商品房 / 不动产登记 (住建、自然资源)
  'public_payroll', // 财政供养人员 (财政、人社)
  'business_registration', // 工商注册 (市场监管)
] as const;
export type ExclusionSource = (typeof EXCLUSION_SOURCES)[number];

export const EXCLUSION_SOURCE_LABELS: Readonly<Record<ExclusionSource, LocalizedMessage>> = {
  vehicle: { 'zh-CN': '车辆登记', en: 'vehicle registration' },
  commercial_housing: { 'zh-CN': '商品房登记', en: 'commercial housing register' },
  public_payroll: { 'zh-CN': '财政供养人员', en: 'public payroll' },
  business_registration: { 'zh-CN': '工商注册登记', en: 'business registration' },
};

export const isExclusionSource = (value: unknown): value is ExclusionSource =>
  typeof value === 'string' && (EXCLUSION_SOURCES as readonly string[]).includes(value);

/** Source-specific facts of a record, e.g. `{ plateNumber: '湘E12345', vehicleType: '拖拉机', productive: true }`. */
export type ExclusionDetail = Readonly<Record<string, string | number | boolean | null>>;

/** One row a department loaded (比对数据). */
export interface ExclusionRecord {
  source: ExclusionSource;
  idNumber: string;
  detail?: ExclusionDetail;
  /** When the batch was loaded (ISO 8601), recorded with every hit. */
  loadedAt: string;
  batchId: string;
}

export interface HouseholdMemberRef {
  idNumber: string;
  name: string;
}

/** A relative of a village cadre (村干部亲属), from the village's relation list. */
export interface CadreRelative {
  idNumber: string;
  cadreName: string;
  /** e.g. 配偶, 子女, 兄弟姐妹 */
  relation: string;
}

export interface ExclusionHit {
  source: ExclusionSource;
  idNumber: string;
  memberName: string;
  detail: ExclusionDetail | null;
  loadedAt: string;
  batchId: string;
  /** False for a productive vehicle (生产性车辆 such as 农用车): recorded, but it does not exclude. */
  excludes: boolean;
}

export interface CadreRelativeHit {
  idNumber: string;
  memberName: string;
  cadreName: string;
  relation: string;
}

export interface ExclusionMatch {
  /** True when at least one hit excludes the household (不予纳入). */
  excluded: boolean;
  /** Every matching record, excluding or not, in member order then record order. */
  hits: ExclusionHit[];
  /** True when a member is a cadre's relative: township review must look at the case (not an exclusion). */
  flaggedForTownshipReview: boolean;
  relativeHits: CadreRelativeHit[];
  /** One message per excluding hit and per relative hit, for the decision's reason. */
  reasons: LocalizedMessage[];
}

/** The form ID numbers are compared in: surrounding whitespace removed, a lowercase `x` made `X`. */
export function normaliseIdNumber(idNumber: string): string {
  return typeof idNumber === 'string' ? idNumber.trim().toUpperCase() : '';
}

/** Does this record exclude? Everything does except a vehicle whose detail marks it productive (`productive === true`). */
export function recordExcludes(record: Pick<ExclusionRecord, 'source' | 'detail'>): boolean {
  return !(record.source === 'vehicle' && record.detail?.productive === true);
}

/**
 * Match a household's members against the loaded exclusion records and the village's cadre-relative list (四不列
 * 比对). Pure: same inputs, same result. A record of an unknown source is a programmer error (RangeError).
 */
export function matchExclusions(
  members: readonly HouseholdMemberRef[],
  records: readonly ExclusionRecord[],
  cadreRelatives: readonly CadreRelative[] = [],
): ExclusionMatch {
  const recordsById = new Map<string, ExclusionRecord[]>();
  for (const record of records) {
    if (!isExclusionSource(record.source)) throw new RangeError(`unknown exclusion source: ${String(record.source)}`);
    const key = normaliseIdNumber(record.idNumber);
    if (key === '') continue;
    const list = recordsById.get(key);
    if (list) list.push(record);
    else recordsById.set(key, [record]);
  }
  const relativesById = new Map<string, CadreRelative[]>();
  for (const relative of cadreRelatives) {
    const key = normaliseIdNumber(relative.idNumber);
    if (key === '') continue;
    const list = relativesById.get(key);
    if (list) list.push(relative);
    else relativesById.set(key, [relative]);
  }

  const hits: ExclusionHit[] = [];
  const relativeHits: CadreRelativeHit[] = [];
  const reasons: LocalizedMessage[] = [];
  const seenMembers = new Set<string>();
  for (const member of members) {
    const id = normaliseIdNumber(member.idNumber);
    if (id === '' || seenMembers.has(id)) continue;
    seenMembers.add(id);
    for (const record of recordsById.get(id) ?? []) {
      const excludes = recordExcludes(record);
      hits.push({
        source: record.source,
        idNumber: id,
        memberName: member.name,
        detail: record.detail ?? null,
        loadedAt: record.loadedAt,
        batchId: record.batchId,
        excludes,
      });
      if (excludes) {
        const label = EXCLUSION_SOURCE_LABELS[record.source];
        reasons.push({
          'zh-CN': `成员${member.name}在${label['zh-CN']}中有记录（四不列）`,
          en: `member ${member.name} appears in the ${label.en} (exclusion rule)`,
        });
      }
    }
    for (const relative of relativesById.get(id) ?? []) {
      relativeHits.push({
        idNumber: id,
        memberName: member.name,
        cadreName: relative.cadreName,
        relation: relative.relation,
      });
      reasons.push({
        'zh-CN': `成员${member.name}是村干部${relative.cadreName}的${relative.relation}，需乡镇审核`,
        en: `member ${member.name} is related to village cadre ${relative.cadreName} (${relative.relation}); township review required`,
      });
    }
  }
  return {
    excluded: hits.some((h) => h.excludes),
    hits,
    flaggedForTownshipReview: relativeHits.length > 0,
    relativeHits,
    reasons,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Bulk load: one CSV/XLSX row of a department's file.

/** One broken rule in one cell of a bulk file: the row of the downloadable error report. `field` equals `column`. */
export interface RowViolation extends RuleViolation {
  row: number;
  column: string;
}

export interface ExclusionColumn {
  /** Canonical column name. */
  name: string;
  /** Chinese header accepted instead of the canonical name. */
  header: string;
  required: boolean;
}

const COMMON_COLUMNS: readonly ExclusionColumn[] = [
  { name: 'idNumber', header: '身份证号码', required: true },
  { name: 'name', header: '姓名', required: false },
];

/** Columns of each source's file (by canonical name or Chinese header); other columns are ignored. */
export const EXCLUSION_COLUMNS: Readonly<Record<ExclusionSource, readonly ExclusionColumn[]>> = {
  vehicle: [
    ...COMMON_COLUMNS,
    { name: 'plateNumber', header: '号牌号码', required: true },
    { name: 'vehicleType', header: '车辆类型', required: false },
    { name: 'productive', header: '生产性车辆', required: false },
  ],
  commercial_housing: [
    ...COMMON_COLUMNS,
    { name: 'address', header: '房屋坐落', required: true },
    { name: 'area', header: '建筑面积', required: false },
    { name: 'registeredOn', header: '登记日期', required: false },
  ],
  public_payroll: [
    ...COMMON_COLUMNS,
    { name: 'employer', header: '工作单位', required: true },
    { name: 'payrollType', header: '供养类别', required: false },
  ],
  business_registration: [
    ...COMMON_COLUMNS,
    { name: 'businessName', header: '市场主体名称', required: true },
    { name: 'creditCode', header: '统一社会信用代码', required: false },
    { name: 'status', header: '登记状态', required: false },
  ],
};

/**
 * Vehicle types that are means of production (生产性车辆), used when the file has no `productive` column value.
 * Data, not law: a department's file may always say `productive` explicitly.
 */
export const PRODUCTIVE_VEHICLE_TYPES: readonly string[] = [
  '拖拉机',
  '变型拖拉机',
  '农用车',
  '农用运输车',
  '三轮汽车',
  '低速货车',
  '联合收割机',
  '收割机',
];

/** Longest cell accepted; anything longer is refused rather than stored. */
export const MAX_CELL_LENGTH = 200;

export interface ParsedExclusionRow {
  source: ExclusionSource;
  idNumber: string;
  detail: ExclusionDetail;
}

export type ParsedExclusionRowResult =
  { ok: true; value: ParsedExclusionRow } | { ok: false; violations: RowViolation[] };

const YES = new Set(['是', 'true', '1', 'y', 'yes']);
const NO = new Set(['否', 'false', '0', 'n', 'no']);

/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last a MOD 31 check character. */
const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export function isCreditCode(code: string): boolean {
  if (typeof code !== 'string' || code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARS.indexOf(code[i]);
    if (v < 0) return false;
    sum += v * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

/**
 * Validate one row of a department's bulk exclusion file. `row` is the row number the caller reports (e.g. the
 * spreadsheet line); `asOf` (`YYYY-MM-DD`) is "today" for the ID-number check. Cells are trimmed; empty means
 * missing. Every broken cell is reported with row, column (as the file names it), rule and a zh-CN/en message.
 */
export function parseExclusionRow(
  source: ExclusionSource,
  cells: Readonly<Record<string, string | null | undefined>>,
  row: number,
  asOf: string,
): ParsedExclusionRowResult {
  if (!isExclusionSource(source)) throw new RangeError(`unknown exclusion source: ${String(source)}`);
  const violations: RowViolation[] = [];
  const fail = (column: string, rule: string, zh: string, en: string): void => {
    violations.push({ row, column, field: column, rule, message: { 'zh-CN': zh, en } });
  };

  const values = new Map<string, { column: string; value: string }>();
  for (const col of EXCLUSION_COLUMNS[source]) {
    const column = col.name in cells ? col.name : col.header in cells ? col.header : col.name;
    const raw = cells[column];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
      if (col.required) fail(column, 'required', `${col.header}不能为空`, `${col.name} is required`);
      continue;
    }
    if (value.length > MAX_CELL_LENGTH) {
      fail(
        column,
        'too_long',
        `${col.header}不能超过${MAX_CELL_LENGTH}个字符`,
        `${col.name} must not exceed ${MAX_CELL_LENGTH} characters`,
      );
      continue;
    }
    values.set(col.name, { column, value });
  }

  let idNumber = '';
  const id = values.get('idNumber');
  if (id) {
    const checked = validateResidentId(id.value, asOf);
    if (checked.ok) idNumber = checked.value.id;
    else
      violations.push({
        row,
        column: id.column,
        field: id.column,
        rule: `id_${checked.rule}`,
        message: checked.message,
      });
  }

  const detail: Record<string, string | number | boolean | null> = {};
  for (const [name, { value }] of values) if (name !== 'idNumber') detail[name] = value;

  if (source === 'vehicle') {
    const productive = values.get('productive');
    if (productive) {
      const v = productive.value.toLowerCase();
      if (YES.has(v)) detail.productive = true;
      else if (NO.has(v)) detail.productive = false;
      else
        fail(
          productive.column,
          'yes_no',
          '生产性车辆须填“是”或“否”',
          'productive must be yes or no (是/否, true/false, 1/0)',
        );
    } else {
      detail.productive = PRODUCTIVE_VEHICLE_TYPES.includes(values.get('vehicleType')?.value ?? '');
    }
  } else if (source === 'commercial_housing') {
    const area = values.get('area');
    if (area) {
      if (!/^\d{1,6}(\.\d{1,2})?$/.test(area.value) || Number(area.value) <= 0) {
        fail(
          area.column,
          'area',
          '建筑面积须为大于0的数字（平方米，最多两位小数）',
          'area must be a number of square metres above 0 with at most two decimals',
        );
      } else detail.area = Number(area.value);
    }
    const registeredOn = values.get('registeredOn');
    if (registeredOn && (!isCalendarDate(registeredOn.value) || registeredOn.value > asOf)) {
      fail(
        registeredOn.column,
        'date',
        '登记日期须为不晚于今天的YYYY-MM-DD日期',
        'registeredOn must be a YYYY-MM-DD date not after today',
      );
    }
  } else if (source === 'business_registration') {
    const creditCode = values.get('creditCode');
    if (creditCode) {
      const code = creditCode.value.toUpperCase();
      if (!isCreditCode(code))
        fail(
          creditCode.column,
          'credit_code',
          '统一社会信用代码格式或校验码错误',
          'unified social credit code is malformed or its check character is wrong',
        );
      else detail.creditCode = code;
    }
  }

  if (violations.length > 0) {
    // In column order, as the file lays them out (stable within a column).
    const order = EXCLUSION_COLUMNS[source].flatMap((c) => [c.name, c.header]);
    const rank = (column: string) => Math.floor(order.indexOf(column) / 2);
    return { ok: false, violations: [...violations].sort((a, b) => rank(a.column) - rank(b.column)) };
  }
  return { ok: true, value: { source, idNumber, detail } };
}
