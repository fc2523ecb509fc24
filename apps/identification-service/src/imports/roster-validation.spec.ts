import { residentIdCheckDigit } from '@fupin/identification-rules';
import { reportedErrors, validateRoster, type RosterContext } from './roster-validation';
import type { Table } from './tabular';

const ctx: RosterContext = { countyCode: '430523', asOf: '2026-11-23' };
const HEADERS = [
  '户编号',
  '村代码',
  '身份证号',
  '姓名',
  '出生日期',
  '与户主关系',
  '健康状况',
  '劳动能力',
  '是否参加基本医疗保险',
  '联系电话',
  '主要致贫原因',
  '其他致贫原因',
  '帮扶类别',
];

function id(birth: string, seq = 101): string {
  const first17 = `430523${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

type Cells = Partial<Record<(typeof HEADERS)[number], string>>;
function table(rows: Cells[], numeric: Record<number, number[]> = {}): Table {
  return {
    headers: HEADERS,
    rows: rows.map((r, i) => ({
      row: i + 2,
      cells: HEADERS.map((h) => r[h] ?? ''),
      ...(numeric[i] ? { numericCells: new Set(numeric[i]) } : {}),
    })),
  };
}
let seq = 1;
const head = (key: string, extra: Cells = {}): Cells => ({
  户编号: key,
  村代码: '430523101201',
  身份证号: id('1968-05-17', (seq += 2)),
  姓名: '王建国',
  出生日期: '1968-05-17',
  与户主关系: '户主',
  健康状况: '长期慢性病',
  劳动能力: '普通劳动力',
  是否参加基本医疗保险: '是',
  联系电话: '13807301234',
  主要致贫原因: '因病',
  其他致贫原因: '缺技术',
  帮扶类别: '发展生产脱贫一批',
  ...extra,
});
const member = (key: string, birth: string, seq: number, extra: Cells = {}): Cells => ({
  户编号: key,
  村代码: '430523101201',
  身份证号: id(birth, seq),
  姓名: '王小明',
  出生日期: birth,
  与户主关系: '子女',
  ...extra,
});

describe('validateRoster', () => {
  it('groups rows into households and reads every value', () => {
    const v = validateRoster(
      table([
        head('H1'),
        member('H1', '2008-04-13', 103),
        member('H1', '2010-01-01', 102, { 健康状况: '残疾', 劳动能力: '无劳动力' }),
      ]),
      ctx,
    );
    expect(v.headerErrors).toEqual([]);
    expect(v.totalRows).toBe(3);
    expect(v.households).toHaveLength(1);
    const h = v.households[0];
    expect(h).toMatchObject({
      key: 'H1',
      villageCode: '430523101201',
      rows: [2, 3, 4],
      errors: [],
      phone: '13807301234',
      mainCause: 'illness',
      otherCauses: ['lack_of_skills'],
      assistanceCategory: 'production',
    });
    expect(h.members[0]).toMatchObject({
      relation: '户主',
      sex: 'male',
      health: 'chronic_illness',
      labourAbility: 'ordinary',
      basicMedicalInsured: true,
      pensionInsured: false,
    });
    expect(h.members[2]).toMatchObject({ health: 'disability', labourAbility: 'none', sex: 'female' });
  });

  it('reports each broken rule on its row and column; one bad row refuses the whole household', () => {
    const v = validateRoster(
      table([
        head('H1'),
        member('H1', '2008-04-13', 103, {
          身份证号: id('2008-04-13', 103).slice(0, 17) + (id('2008-04-13', 103).endsWith('0') ? '1' : '0'),
        }),
        head('H2', { 出生日期: '1968-05-18' }),
        head('H3', { 村代码: '430524101201' }),
        head('H4', { 健康状况: '很好', 是否参加基本医疗保险: '也许', 联系电话: '123' }),
        head('H5', { 其他致贫原因: '因学、缺技术、缺资金' }),
        head('H6', { 主要致贫原因: '' }),
      ]),
      ctx,
    );
    const errors = (key: string) =>
      v.households.find((h) => h.key === key)!.errors.map((e) => [e.row, e.column, e.rule]);
    expect(errors('H1')).toEqual([[3, '身份证号', 'id_check_digit']]);
    expect(reportedErrors(v.households[0]).map((e) => [e.row, e.rule])).toEqual([
      [2, 'household_rejected'],
      [3, 'id_check_digit'],
    ]);
    expect(errors('H2')).toEqual([[4, '出生日期', 'birth_date_mismatch']]);
    expect(errors('H3')).toEqual([[5, '村代码', 'out_of_jurisdiction']]);
    expect(errors('H4')).toEqual([
      [6, '健康状况', 'unknown_value'],
      [6, '是否参加基本医疗保险', 'yes_no'],
      [6, '联系电话', 'format'],
    ]);
    expect(errors('H5')).toEqual([[7, '其他致贫原因', 'too_many_others']]);
    expect(errors('H6')).toEqual([[8, '主要致贫原因', 'required']]);
    for (const h of v.households) for (const e of h.errors) expect(e.message['zh-CN'] && e.message.en).toBeTruthy();
  });

  it('needs exactly one head and one village per household, and consistent household values', () => {
    const v = validateRoster(
      table([
        member('N1', '2008-04-13', 103),
        head('T1'),
        head('T1', { 身份证号: id('1970-02-03', 204), 出生日期: '1970-02-03' }),
        head('V1'),
        member('V1', '2008-04-13', 105, { 村代码: '430523101202' }),
        head('C1'),
        member('C1', '2008-04-13', 107, { 主要致贫原因: '因残' }),
        head('S1'),
        member('S1', '2008-04-13', 109, { 主要致贫原因: '因病' }),
      ]),
      ctx,
    );
    const rules = (key: string) => v.households.find((h) => h.key === key)!.errors.map((e) => [e.row, e.rule]);
    expect(rules('N1')).toEqual([
      [2, 'no_head'],
      [2, 'required'],
    ]);
    expect(rules('T1')).toEqual([
      [3, 'several_heads'],
      [4, 'several_heads'],
    ]);
    expect(rules('V1')).toEqual([[6, 'inconsistent_household']]);
    expect(rules('C1')).toEqual([[8, 'inconsistent_household']]);
    expect(rules('S1')).toEqual([]); // the same value repeated is fine
  });

  it('marks the same person twice in the file on every occurrence, and rows without a household key', () => {
    const twice = id('1980-01-01', 301);
    const v = validateRoster(
      table([
        head('D1'),
        member('D1', '1980-01-01', 301),
        head('D2'),
        { ...member('D2', '1980-01-01', 301), 身份证号: twice },
        { ...member('', '2001-01-01', 111) },
      ]),
      ctx,
    );
    expect(v.households.map((h) => [h.key, h.errors.map((e) => [e.row, e.rule])])).toEqual([
      ['D1', [[3, 'duplicate_in_file']]],
      ['D2', [[5, 'duplicate_in_file']]],
      [
        '',
        [
          [6, 'required'],
          [6, 'no_head'],
          [6, 'required'],
        ],
      ],
    ]);
    expect(v.households[0].errors[0].message.en).toContain('row 5');
  });

  it('keeps the duplicate message short however often the ID number repeats: the first other row and a count', () => {
    const same = id('1980-01-01', 301);
    const row = head('M', { 身份证号: same, 出生日期: '1980-01-01' });
    const v = validateRoster(table(Array.from({ length: 5000 }, (_, i) => ({ ...row, 户编号: `M${i}` }))), ctx);
    const duplicates = v.households.flatMap((h) => h.errors.filter((e) => e.rule === 'duplicate_in_file'));
    expect(duplicates).toHaveLength(5000);
    for (const e of duplicates) {
      expect(e.message.en.length).toBeLessThan(200);
      expect(e.message['zh-CN'].length).toBeLessThan(120);
    }
    expect(duplicates[0].message.en).toBe(
      `ID number ${same} appears 5,000 times in the file (also row 3 and 4,998 other rows)`,
    );
    expect(duplicates[0].message['zh-CN']).toBe(`身份证号 ${same} 在文件中出现了5000次（另见第3行及其他4998行）`);
    expect(duplicates[1].message.en).toContain('(also row 2 and 4,998 other rows)');
  });

  it('refuses ID numbers Excel turned into numbers and villages missing from the division register', () => {
    const v = validateRoster(
      table([head('E1', { 身份证号: '4.30523E+17' }), head('E2', { 身份证号: '430523196805170000' })], { 1: [2] }),
      { ...ctx, knownVillages: new Set(['430523101202']) },
    );
    expect(v.households[0].errors.map((e) => e.rule)).toEqual(['unknown_village', 'id_stored_as_number']);
    expect(v.households[1].errors.map((e) => e.rule)).toEqual(['unknown_village', 'id_stored_as_number']);
  });

  it('refuses a name with a control character (a NUL the database cannot store) as a row error, not a failed job', () => {
    const v = validateRoster(table([head('N1', { 姓名: '王\u0000建国' }), head('N2')]), ctx);
    expect(v.households[0].errors).toEqual([
      expect.objectContaining({ row: 2, column: '姓名', rule: 'control_character' }),
    ]);
    expect(v.households[1].errors).toEqual([]);
  });

  it('stops at the header when required columns are missing', () => {
    const v = validateRoster({ headers: ['姓名'], rows: [{ row: 2, cells: ['张三'] }] }, ctx);
    expect(v.households).toEqual([]);
    expect(v.headerErrors.map((e) => e.column)).toContain('household_key');
  });
});
