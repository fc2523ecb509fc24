import type { LocalizedMessage } from '@fupin/localized';
import {
  validatePovertyCauses,
  validateResidentId,
  type AssistanceCategory,
  type HealthStatus,
  type LabourAbility,
  type PovertyCause,
} from '@fupin/identification-rules';
import { type ImportError, otherRows, times } from './error-report';
import {
  type RosterField,
  isHeadRelation,
  mapRosterHeaders,
  parseAssistanceCategory,
  parseCause,
  parseDate,
  parseHealth,
  parseLabourAbility,
  parsePhone,
  parseSex,
  parseYesNo,
  splitCauses,
} from './roster-columns';
import type { Table } from './tabular';
import { CONTROL_CHARACTER } from '@fupin/service-kit';

/**
 * Pure validation of a county roster (one row per person, grouped into households by the household-key
 * column): every rule that needs no database. The import then adds the register checks (person already
 * in another household, household key already imported) and inserts the households without errors —
 * all-or-nothing per household.
 */

export const MAX_HOUSEHOLD_MEMBERS = 30;
export const MAX_TEXT = { name: 100, short: 20, householdKey: 64 } as const;

export interface RosterPerson {
  row: number;
  idNumber: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  relation: string;
  ethnicity: string | null;
  education: string | null;
  studentStatus: string | null;
  health: HealthStatus | null;
  labourAbility: LabourAbility | null;
  basicMedicalInsured: boolean;
  pensionInsured: boolean;
}

export interface RosterHousehold {
  key: string;
  villageCode: string;
  /** Every row of the household, in file order. */
  rows: number[];
  members: RosterPerson[];
  phone: string | null;
  mainCause: PovertyCause | null;
  otherCauses: PovertyCause[];
  assistanceCategory: AssistanceCategory | null;
  errors: ImportError[];
}

export interface RosterContext {
  /** The caller's county (6 digits): every village must lie inside it. */
  countyCode: string;
  /** Today (YYYY-MM-DD) for the ID-number check. */
  asOf: string;
  /** Villages of the county in the division register; when given, other village codes are unknown. */
  knownVillages?: ReadonlySet<string> | null;
}

export interface ValidatedRoster {
  /** Problems with the header row: when present nothing is imported. */
  headerErrors: ImportError[];
  households: RosterHousehold[];
  /** Data rows (blank rows excluded). */
  totalRows: number;
}

type Cells = (field: RosterField) => string;

const msg = (zh: string, en: string): LocalizedMessage => ({ 'zh-CN': zh, en });

/** Validate the whole file in memory. Households come out in the order of their first row. */
export function validateRoster(table: Table, ctx: RosterContext): ValidatedRoster {
  const mapping = mapRosterHeaders(table.headers);
  if (mapping.errors.length > 0) return { headerErrors: mapping.errors, households: [], totalRows: table.rows.length };
  const { index, label } = mapping;

  const byKey = new Map<
    string,
    { key: string; rows: { row: number; get: Cells; numeric: (f: RosterField) => boolean }[] }
  >();
  const order: string[] = [];
  for (const r of table.rows) {
    const get: Cells = (f) => {
      const i = index[f];
      return i === undefined ? '' : (r.cells[i] ?? '');
    };
    const numeric = (f: RosterField) => {
      const i = index[f];
      return i !== undefined && (r.numericCells?.has(i) ?? false);
    };
    const rawKey = get('householdKey');
    const key = rawKey === '' ? `\u0000row-${r.row}` : rawKey; // a row without a key is a household of its own, refused
    let group = byKey.get(key);
    if (!group) {
      group = { key: rawKey, rows: [] };
      byKey.set(key, group);
      order.push(key);
    }
    group.rows.push({ row: r.row, get, numeric });
  }

  const households: RosterHousehold[] = [];
  for (const k of order) {
    const group = byKey.get(k)!;
    households.push(validateHousehold(group.key, group.rows, label, ctx));
  }
  markDuplicatesInFile(households, label.idNumber);
  return { headerErrors: [], households, totalRows: table.rows.length };
}

function validateHousehold(
  key: string,
  rows: { row: number; get: Cells; numeric: (f: RosterField) => boolean }[],
  label: Record<RosterField, string>,
  ctx: RosterContext,
): RosterHousehold {
  const errors: ImportError[] = [];
  const fail = (row: number, field: RosterField, rule: string, message: LocalizedMessage) =>
    errors.push({ row, column: label[field], rule, message, householdKey: key });
  const first = rows[0];
  const household: RosterHousehold = {
    key,
    villageCode: first.get('villageCode'),
    rows: rows.map((r) => r.row),
    members: [],
    phone: null,
    mainCause: null,
    otherCauses: [],
    assistanceCategory: null,
    errors,
  };

  if (key === '') fail(first.row, 'householdKey', 'required', msg('户编号不能为空', 'household_key is required'));
  else if (key.length > MAX_TEXT.householdKey)
    fail(
      first.row,
      'householdKey',
      'too_long',
      msg(
        `户编号不能超过${MAX_TEXT.householdKey}个字符`,
        `household_key must not exceed ${MAX_TEXT.householdKey} characters`,
      ),
    );

  // village: one per household, 12 digits, inside the caller's county, known to the division register
  const village = household.villageCode;
  if (village === '') fail(first.row, 'villageCode', 'required', msg('村代码不能为空', 'village_code is required'));
  else if (!/^\d{12}$/.test(village))
    fail(
      first.row,
      'villageCode',
      'format',
      msg(`村代码“${village}”应为12位数字`, `village_code "${village}" must be 12 digits`),
    );
  else if (!village.startsWith(ctx.countyCode)) {
    fail(
      first.row,
      'villageCode',
      'out_of_jurisdiction',
      msg(
        `村 ${village} 不在您所辖的县 ${ctx.countyCode} 内`,
        `village ${village} is outside your county ${ctx.countyCode}`,
      ),
    );
  } else if (ctx.knownVillages && !ctx.knownVillages.has(village)) {
    fail(
      first.row,
      'villageCode',
      'unknown_village',
      msg(`村代码 ${village} 不在行政区划名录中`, `village_code ${village} is not in the division register`),
    );
  }
  for (const r of rows.slice(1)) {
    const v = r.get('villageCode');
    if (v !== village)
      fail(
        r.row,
        'villageCode',
        'inconsistent_household',
        msg(
          `同一户（${key}）的成员村代码不一致：${v} 与 ${village}`,
          `members of household ${key} have different village codes: ${v} and ${village}`,
        ),
      );
  }

  if (rows.length > MAX_HOUSEHOLD_MEMBERS) {
    fail(
      first.row,
      'householdKey',
      'too_many_members',
      msg(
        `一户最多${MAX_HOUSEHOLD_MEMBERS}人，本户有${rows.length}行`,
        `a household has at most ${MAX_HOUSEHOLD_MEMBERS} members; this one has ${rows.length} rows`,
      ),
    );
  }

  for (const r of rows) {
    const person = validatePerson(r, fail, ctx);
    if (person) household.members.push(person);
  }

  // exactly one head (户主)
  const headRows = rows.filter((r) => isHeadRelation(r.get('relation')));
  if (headRows.length === 0)
    fail(
      first.row,
      'relation',
      'no_head',
      msg(
        `户 ${key} 没有户主（与户主关系须有一人为“户主”）`,
        `household ${key} has no head: exactly one member must have relation 户主`,
      ),
    );
  if (headRows.length > 1) {
    for (const r of headRows)
      fail(
        r.row,
        'relation',
        'several_heads',
        msg(
          `户 ${key} 有${headRows.length}位户主，只能有一位`,
          `household ${key} has ${headRows.length} heads; exactly one is allowed`,
        ),
      );
  }

  // household-level values: taken from the head's row (or the first row that has one); other rows may repeat them
  const source = headRows.length === 1 ? [headRows[0], ...rows.filter((r) => r !== headRows[0])] : rows;
  const householdValue = (field: RosterField): { row: number; value: string } | null => {
    let chosen: { row: number; value: string } | null = null;
    for (const r of source) {
      const v = r.get(field);
      if (v === '') continue;
      if (!chosen) chosen = { row: r.row, value: v };
      else if (v !== chosen.value) {
        fail(
          r.row,
          field,
          'inconsistent_household',
          msg(
            `同一户的“${label[field]}”不一致：“${v}”与第${chosen.row}行的“${chosen.value}”`,
            `${label[field]} differs within the household: "${v}" vs "${chosen.value}" on row ${chosen.row}`,
          ),
        );
      }
    }
    return chosen;
  };

  const phone = householdValue('phone');
  if (phone) {
    const p = parsePhone(phone.value);
    if (p) household.phone = p;
    else
      fail(
        phone.row,
        'phone',
        'format',
        msg(
          `联系电话“${phone.value}”格式不正确（11位手机号或带区号的固定电话）`,
          `phone "${phone.value}" is not an 11-digit mobile number or a landline with area code`,
        ),
      );
  }

  const main = householdValue('mainCause');
  const others = householdValue('otherCauses');
  const causeRow = main?.row ?? first.row;
  if (!main) fail(causeRow, 'mainCause', 'required', msg('主要致贫原因不能为空', 'main_cause is required'));
  else {
    const mainCode = parseCause(main.value) ?? main.value;
    const otherRaw = others ? splitCauses(others.value) : [];
    const otherCodes = otherRaw.map((o) => parseCause(o) ?? o);
    const checked = validatePovertyCauses(mainCode, otherCodes);
    if (checked.ok) {
      household.mainCause = checked.value.main;
      household.otherCauses = checked.value.others;
    } else {
      for (const v of checked.violations) {
        const onMain = v.field === 'mainCause';
        fail(onMain ? main.row : (others?.row ?? causeRow), onMain ? 'mainCause' : 'otherCauses', v.rule, v.message);
      }
    }
  }

  const category = householdValue('assistanceCategory');
  if (category) {
    const c = parseAssistanceCategory(category.value);
    if (c) household.assistanceCategory = c;
    else
      fail(
        category.row,
        'assistanceCategory',
        'unknown_value',
        msg(
          `帮扶类别“${category.value}”不是“五个一批”之一`,
          `assistance_category "${category.value}" is not one of the five categories`,
        ),
      );
  }
  return household;
}

function validatePerson(
  r: { row: number; get: Cells; numeric: (f: RosterField) => boolean },
  fail: (row: number, field: RosterField, rule: string, message: LocalizedMessage) => void,
  ctx: RosterContext,
): RosterPerson | null {
  const before = { failed: false };
  const f = (field: RosterField, rule: string, message: LocalizedMessage) => {
    before.failed = true;
    fail(r.row, field, rule, message);
  };
  const text = (field: RosterField, max: number, zh: string, required: boolean): string | null => {
    const v = r.get(field).normalize('NFC');
    if (v === '') {
      if (required) f(field, 'required', msg(`${zh}不能为空`, `${field} is required`));
      return null;
    }
    if ([...v].length > max) {
      f(field, 'too_long', msg(`${zh}不能超过${max}个字符`, `${field} must not exceed ${max} characters`));
      return null;
    }
    if (CONTROL_CHARACTER.test(v)) {
      f(
        field,
        'control_character',
        msg(
          `${zh}含有控制字符（如 NUL），请删除后重新上传`,
          `${field} contains a control character (such as NUL); remove it and upload again`,
        ),
      );
      return null;
    }
    return v;
  };

  // resident ID: Excel turns long digit strings into numbers (4.30523E+17) and loses the last digits
  const rawId = r.get('idNumber');
  let id: { id: string; birthDate: string; sex: 'male' | 'female' } | null = null;
  if (rawId === '') f('idNumber', 'required', msg('身份证号不能为空', 'id_number is required'));
  else if ((r.numeric('idNumber') && rawId.length >= 15) || /^\d(\.\d+)?e\+?\d+$/i.test(rawId)) {
    f(
      'idNumber',
      'id_stored_as_number',
      msg(
        `身份证号“${rawId}”被 Excel 存成了数字，后几位已丢失：请把该列设为“文本”格式后重新填写`,
        `ID number "${rawId}" was stored by Excel as a number and has lost digits: format the column as text and enter it again`,
      ),
    );
  } else {
    const checked = validateResidentId(rawId, ctx.asOf);
    if (checked.ok) id = checked.value;
    else f('idNumber', `id_${checked.rule}`, checked.message);
  }

  const name = text('name', MAX_TEXT.name, '姓名', true);
  const rawBirth = r.get('birthDate');
  let birthDate: string | null = null;
  if (rawBirth === '') f('birthDate', 'required', msg('出生日期不能为空', 'birth_date is required'));
  else {
    birthDate = parseDate(rawBirth, r.numeric('birthDate')) ?? null;
    if (!birthDate)
      f(
        'birthDate',
        'format',
        msg(
          `出生日期“${rawBirth}”不是有效日期（YYYY-MM-DD）`,
          `birth_date "${rawBirth}" is not a valid YYYY-MM-DD date`,
        ),
      );
    else if (id && id.birthDate !== birthDate) {
      f(
        'birthDate',
        'birth_date_mismatch',
        msg(
          `出生日期 ${birthDate} 与身份证号中的 ${id.birthDate} 不符`,
          `birth_date ${birthDate} does not match ${id.birthDate} in the ID number`,
        ),
      );
    }
  }
  const rawSex = r.get('sex');
  if (rawSex !== '') {
    const sex = parseSex(rawSex);
    if (!sex)
      f('sex', 'unknown_value', msg(`性别“${rawSex}”应为“男”或“女”`, `sex "${rawSex}" must be 男/女 (male/female)`));
    else if (id && sex !== id.sex)
      f('sex', 'sex_mismatch', msg(`性别“${rawSex}”与身份证号不符`, `sex "${rawSex}" does not match the ID number`));
  }
  let relation = text('relation', MAX_TEXT.short, '与户主关系', true);
  if (relation && isHeadRelation(relation)) relation = '户主';
  const ethnicity = text('ethnicity', MAX_TEXT.short, '民族', false);
  const education = text('education', MAX_TEXT.short, '文化程度', false);
  const studentStatus = text('studentStatus', MAX_TEXT.short, '在校生状况', false);

  const rawHealth = r.get('health');
  const health = rawHealth === '' ? null : (parseHealth(rawHealth) ?? null);
  if (rawHealth !== '' && !health) {
    f(
      'health',
      'unknown_value',
      msg(
        `健康状况“${rawHealth}”应为 健康/长期慢性病/大病/残疾`,
        `health "${rawHealth}" must be healthy, chronic, serious_illness or disabled (健康/长期慢性病/大病/残疾)`,
      ),
    );
  }
  const rawLabour = r.get('labourAbility');
  const labourAbility = rawLabour === '' ? null : (parseLabourAbility(rawLabour) ?? null);
  if (rawLabour !== '' && !labourAbility) {
    f(
      'labourAbility',
      'unknown_value',
      msg(
        `劳动能力“${rawLabour}”应为 普通劳动力/技能劳动力/丧失劳动力/无劳动力`,
        `labour_ability "${rawLabour}" must be normal, skilled, lost or none (普通劳动力/技能劳动力/丧失劳动力/无劳动力)`,
      ),
    );
  }
  const yesNo = (field: RosterField, zh: string): boolean => {
    const raw = r.get(field);
    const v = parseYesNo(raw);
    if (v === undefined)
      f(field, 'yes_no', msg(`${zh}应填“是”或“否”，不是“${raw}”`, `${field} must be 是/否 (true/false), not "${raw}"`));
    return v ?? false;
  };
  const basicMedicalInsured = yesNo('basicMedicalInsured', '是否参加基本医疗保险');
  const pensionInsured = yesNo('pensionInsured', '是否参加基本养老保险');

  if (before.failed || !id || !name || !birthDate || !relation) return null;
  return {
    row: r.row,
    idNumber: id.id,
    name,
    sex: id.sex,
    birthDate,
    relation,
    ethnicity,
    education,
    studentStatus,
    health,
    labourAbility,
    basicMedicalInsured,
    pensionInsured,
  };
}

/** The same person twice in the file: every occurrence is an error (which one is right is for the county to say). */
function markDuplicatesInFile(households: RosterHousehold[], idColumn: string): void {
  const seen = new Map<string, { household: RosterHousehold; row: number }[]>();
  for (const h of households) {
    for (const m of h.members) {
      const list = seen.get(m.idNumber);
      if (list) list.push({ household: h, row: m.row });
      else seen.set(m.idNumber, [{ household: h, row: m.row }]);
    }
  }
  for (const [idNumber, list] of seen) {
    if (list.length < 2) continue;
    const n = times(list.length);
    const message = (firstOther: number) => {
      const also = otherRows(firstOther, list.length);
      return msg(
        `身份证号 ${idNumber} 在文件中出现了${n['zh-CN']}（另见${also['zh-CN']}）`,
        `ID number ${idNumber} appears ${n.en} in the file (also ${also.en})`,
      );
    };
    const [toFirst, toOthers] = [message(list[1].row), message(list[0].row)]; // one message object for every later occurrence
    for (const occurrence of list) {
      occurrence.household.errors.push({
        row: occurrence.row,
        column: idColumn,
        rule: 'duplicate_in_file',
        householdKey: occurrence.household.key,
        message: occurrence === list[0] ? toFirst : toOthers,
      });
    }
  }
}

/**
 * The errors to report for a refused household: its own, plus one `household_rejected` line for each of
 * its rows that had none, so every row of the household appears in the report.
 */
export function reportedErrors(h: RosterHousehold): ImportError[] {
  if (h.errors.length === 0) return [];
  const withError = new Set(h.errors.map((e) => e.row));
  const rejected = h.rows
    .filter((row) => !withError.has(row))
    .map((row): ImportError => ({
      row,
      column: '',
      rule: 'household_rejected',
      householdKey: h.key,
      message: msg(
        `本户（${h.key}）其他行有错误，整户未导入`,
        `not imported: another row of household ${h.key} has an error (all-or-nothing per household)`,
      ),
    }));
  return [...h.errors, ...rejected].sort((a, b) => a.row - b.row);
}
