import {
  MAX_ITEM_FEN,
  SURVEY_ITEMS,
  mapSurveyHeaders,
  parseCount,
  parseFlag,
  parseHousingGrade,
  parseIncomeYear,
  parseYuanToFen,
  validateSurveyTable,
} from './survey-columns';
import { parseCsv } from './tabular';

const fen = (raw: string, numeric = false) => {
  const r = parseYuanToFen(raw, numeric);
  return r.ok ? r.value : r.rule;
};

describe('yuan → fen, exactly', () => {
  it('reads up to two decimals without floating point', () => {
    expect(fen('1234.5')).toBe(123450);
    expect(fen('0.07')).toBe(7);
    expect(fen('0.1')).toBe(10);
    expect(fen('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(fen('1.15')).toBe(115); // 1.15 * 100 = 114.99999999999999
    expect(fen('4.35')).toBe(435);
    expect(fen('1234')).toBe(123400);
    expect(fen('0')).toBe(0);
    expect(fen('00012.30')).toBe(1230);
    expect(fen('.5')).toBe(50);
    expect(fen('  88.8 ')).toBe(8880);
    expect(fen('1,234.56')).toBe(123456);
    expect(fen('12,345,678')).toBe(1_234_567_800);
    expect(fen('¥1234.5')).toBe(123450);
    expect(fen('￥1234.5')).toBe(123450);
    expect(fen('1234.5元')).toBe(123450);
    expect(fen('１２３４．５')).toBe(123450); // full-width digits
    expect(fen('1000000000')).toBe(MAX_ITEM_FEN);
    expect(fen('90071992547409.91')).toBe('too_large');
  });

  it('refuses more than two decimals, negatives, non-numbers and empty cells, naming the rule', () => {
    expect(fen('1.234')).toBe('amount_decimals');
    expect(fen('0.001')).toBe('amount_decimals');
    expect(fen('-5')).toBe('non_negative');
    expect(fen('-0.01')).toBe('non_negative');
    expect(fen('(120.00)')).toBe('non_negative');
    expect(fen('abc')).toBe('amount_format');
    expect(fen('12a')).toBe('amount_format');
    expect(fen('1.2.3')).toBe('amount_format');
    expect(fen('1e3')).toBe('amount_format');
    expect(fen('1,23')).toBe('amount_format');
    expect(fen('1234,5')).toBe('amount_format');
    expect(fen('+12')).toBe('amount_format');
    expect(fen('.')).toBe('amount_format');
    expect(fen('无')).toBe('amount_format');
    expect(fen('')).toBe('required');
    expect(fen('  ')).toBe('required');
    const r = parseYuanToFen('1.234');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message['zh-CN']).toContain('两位小数');
      expect(r.message.en).toContain('two decimals');
    }
  });

  it('reads the floating-point noise of an Excel number cell as the cents it stands for, never a text cell', () => {
    expect(fen('0.30000000000000004', true)).toBe(30);
    expect(fen('1234.5600000000002', true)).toBe(123456);
    expect(fen('1234.5599999999999', true)).toBe(123456);
    expect(fen('99.999999999999', true)).toBe(10000);
    expect(fen('0.30000000000000004')).toBe('amount_decimals');
    expect(fen('1234.567', true)).toBe('amount_decimals');
  });
});

describe('other survey values', () => {
  it('income year, counts, housing grade and yes/no flags', () => {
    expect(parseIncomeYear('2020')).toEqual({ ok: true, value: 2020 });
    expect(parseIncomeYear('2020年度')).toEqual({ ok: true, value: 2020 });
    expect(parseIncomeYear('2013')).toMatchObject({ ok: false, rule: 'income_year' });
    expect(parseIncomeYear('20')).toMatchObject({ ok: false });
    expect(parseCount('4人', 1, 30, '家庭人口', 'household_size')).toEqual({ ok: true, value: 4 });
    expect(parseCount('0', 1, 30, '家庭人口', 'household_size')).toMatchObject({ ok: false, rule: 'count' });
    expect(parseCount('2.5', 1, 30, '家庭人口', 'household_size')).toMatchObject({ ok: false });
    for (const [raw, grade] of [
      ['A', 'A'],
      ['b', 'B'],
      ['C级', 'C'],
      ['D级（整栋危房）', 'D'],
      ['Ｂ', 'B'],
    ])
      expect(parseHousingGrade(raw)).toEqual({ ok: true, value: grade });
    expect(parseHousingGrade('E')).toMatchObject({ ok: false, rule: 'housing_grade' });
    expect(parseHousingGrade('')).toMatchObject({ ok: false });
    expect(parseFlag('是', undefined, '饮水安全', 'drinking_water_safe')).toEqual({ ok: true, value: true });
    expect(parseFlag('false', undefined, '饮水安全', 'drinking_water_safe')).toEqual({ ok: true, value: false });
    expect(parseFlag('不安全', undefined, '饮水安全', 'drinking_water_safe')).toEqual({ ok: true, value: false });
    expect(parseFlag('', undefined, '饮水安全', 'drinking_water_safe')).toMatchObject({ ok: false, rule: 'required' });
    expect(parseFlag('', true, '不愁吃', 'food_secure')).toEqual({ ok: true, value: true });
    expect(parseFlag('也许', true, '不愁吃', 'food_secure')).toMatchObject({ ok: false, rule: 'yes_no' });
  });
});

describe('survey headers', () => {
  const items = [
    '种植业收入（元）',
    '养殖业收入',
    '工资性收入',
    '财产性收入',
    '转移性收入',
    '经营净收入',
    '生产经营性支出',
    '生活支出',
    '因病因灾支出',
    '学生费用',
  ];

  it('accepts the Chinese template with village + key, and English headers with household_id', () => {
    const zh = mapSurveyHeaders([
      '序号',
      '村代码',
      '户编号',
      '户主姓名',
      '收入年度',
      '家庭人口',
      ...items,
      '房屋安全等级',
      '饮水安全',
      '备注',
    ]);
    expect(zh.errors).toEqual([]);
    expect(zh.index).toMatchObject({
      villageCode: 1,
      householdKey: 2,
      incomeYear: 4,
      householdSize: 5,
      farmingIncome: 6,
      studentCosts: 15,
      housingGrade: 16,
      drinkingWaterSafe: 17,
    });
    expect(zh.label.farmingIncome).toBe('种植业收入（元）');
    const en = mapSurveyHeaders([
      'household_id',
      'income_year',
      ...SURVEY_ITEMS.map((i) => i.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
      'housing_grade',
      'drinking_water_safe',
      'food_secure',
      'clothing_secure',
      'children_out_of_school',
    ]);
    expect(en.errors).toEqual([]);
    expect(en.index.childrenOutOfSchool).toBe(16);
  });

  it('names the missing columns: a household column, a key without its village, items, observations', () => {
    const none = mapSurveyHeaders(['收入年度', ...items, '房屋安全等级', '饮水安全']);
    expect(none.errors.map((e) => [e.column, e.rule])).toEqual([['household_id', 'missing_column']]);
    const keyOnly = mapSurveyHeaders(['户编号', '收入年度', ...items.slice(1), '饮水安全', '饮水安全']);
    expect(keyOnly.errors.map((e) => [e.column, e.rule])).toEqual([
      ['饮水安全', 'duplicate_column'],
      ['village_code', 'missing_column'],
      ['farming_income', 'missing_column'],
      ['housing_grade', 'missing_column'],
    ]);
  });
});

describe('survey rows', () => {
  const header =
    'village_code,household_key,household_id,income_year,household_size,farming_income,livestock_income,wage_income,property_income,transfer_income,business_net_income,production_costs,living_expenses,illness_spending,student_costs,housing_grade,drinking_water_safe,food_secure';
  const table = (...lines: string[]) => parseCsv(Buffer.from([header, ...lines].join('\n')));

  it('reads a good row in fen, with defaults for the optional observations', () => {
    const v = validateSurveyTable(
      table('430523101201,H01,,2020,,8000,2000,6000,0,1000.5,0,3000,5000,4000,1000,C,否,'),
      { countyCode: '430523' },
    );
    expect(v.headerErrors).toEqual([]);
    expect(v.rows[0]).toMatchObject({
      row: 2,
      villageCode: '430523101201',
      householdKey: 'H01',
      householdId: null,
      incomeYear: 2020,
      householdSize: null,
      items: { farmingIncome: 800_000, transferIncome: 100_050, productionCosts: 300_000, studentCosts: 100_000 },
      observation: {
        housingGrade: 'C',
        drinkingWaterSafe: false,
        foodSecure: true,
        clothingSecure: true,
        childrenOutOfSchool: 0,
      },
      errors: [],
    });
  });

  it('reports each bad cell with its row, column and rule; checks the household identification', () => {
    const v = validateSurveyTable(
      table(
        '430523101201,H02,,2020,0,1.234,-5,x,0,0,0,0,0,0,0,E,,也许',
        '430524101201,H03,,2020,,0,0,0,0,0,0,0,0,0,0,A,是,',
        ',H04,,2020,,0,0,0,0,0,0,0,0,0,0,A,是,',
        ',,not-a-uuid,2020,,0,0,0,0,0,0,0,0,0,0,A,是,',
        ',,,2020,,0,0,0,0,0,0,0,0,0,0,A,是,',
      ),
      { countyCode: '430523' },
    );
    const rules = (i: number) => v.rows[i].errors.map((e) => [e.column, e.rule]);
    expect(rules(0)).toEqual([
      ['household_size', 'count'],
      ['farming_income', 'amount_decimals'],
      ['livestock_income', 'non_negative'],
      ['wage_income', 'amount_format'],
      ['housing_grade', 'housing_grade'],
      ['drinking_water_safe', 'required'],
      ['food_secure', 'yes_no'],
    ]);
    expect(v.rows[0].errors.every((e) => e.row === 2 && e.householdKey === 'H02')).toBe(true);
    expect(rules(1)).toEqual([['village_code', 'out_of_jurisdiction']]);
    expect(rules(2)).toEqual([['village_code', 'required']]);
    expect(rules(3)).toEqual([['household_id', 'format']]);
    expect(rules(4)).toEqual([['household_id', 'required']]);
  });
});
