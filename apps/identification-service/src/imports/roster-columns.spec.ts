import {
  excelSerialToDate,
  mapRosterHeaders,
  normaliseHeader,
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

describe('roster headers', () => {
  it('accepts Chinese and English headers, loosely written', () => {
    expect(normaliseHeader(' Birth_Date (YYYY-MM-DD) ')).toBe('birthdate');
    expect(normaliseHeader('身份证号*')).toBe('身份证号');
    expect(normaliseHeader('出生日期（年-月-日）')).toBe('出生日期');
    const zh = mapRosterHeaders([
      '序号',
      '户编号',
      '村代码',
      '身份证号码',
      '姓名',
      '出生日期',
      '与户主关系',
      '主要致贫原因',
      '健康状况',
      '备注',
    ]);
    expect(zh.errors).toEqual([]);
    expect(zh.index).toMatchObject({
      householdKey: 1,
      villageCode: 2,
      idNumber: 3,
      name: 4,
      birthDate: 5,
      relation: 6,
      mainCause: 7,
      health: 8,
    });
    expect(zh.label.idNumber).toBe('身份证号码');
    expect(zh.label.phone).toBe('phone'); // missing optional column: canonical name
    const en = mapRosterHeaders([
      'household_key',
      'village_code',
      'id_number',
      'name',
      'birth_date',
      'relation',
      'main_cause',
      'Labour Ability',
    ]);
    expect(en.errors).toEqual([]);
    expect(en.index.labourAbility).toBe(7);
  });

  it('names every missing required column and a column given twice', () => {
    const m = mapRosterHeaders(['姓名', '身份证号', 'id_number']);
    expect(m.errors.map((e) => [e.row, e.column, e.rule])).toEqual([
      [1, 'id_number', 'duplicate_column'],
      [1, 'household_key', 'missing_column'],
      [1, 'village_code', 'missing_column'],
      [1, 'birth_date', 'missing_column'],
      [1, 'relation', 'missing_column'],
      [1, 'main_cause', 'missing_column'],
    ]);
    expect(m.errors[1].message['zh-CN']).toContain('户编号');
  });
});

describe('roster values', () => {
  it('reads dates as people write them, and Excel day serials', () => {
    expect(parseDate('1980-03-07')).toBe('1980-03-07');
    expect(parseDate('1980/3/7')).toBe('1980-03-07');
    expect(parseDate('1980.3.7')).toBe('1980-03-07');
    expect(parseDate('19800307')).toBe('1980-03-07');
    expect(parseDate('1980年3月7日')).toBe('1980-03-07');
    expect(parseDate('1980-02-30')).toBeUndefined();
    expect(parseDate('07/03/1980')).toBeUndefined();
    expect(parseDate('29287', true)).toBe('1980-03-07');
    expect(parseDate('29287')).toBeUndefined();
    expect(excelSerialToDate(1)).toBe('1899-12-31');
    expect(excelSerialToDate(0)).toBeUndefined();
  });

  it('maps health, labour ability, causes and assistance categories from codes, Chinese labels and the usual synonyms', () => {
    expect(
      ['健康', 'healthy', '长期慢性病', 'chronic', '大病', 'serious_illness', '残疾', 'disabled'].map(parseHealth),
    ).toEqual([
      'healthy',
      'healthy',
      'chronic_illness',
      'chronic_illness',
      'serious_illness',
      'serious_illness',
      'disability',
      'disability',
    ]);
    expect(parseHealth('很好')).toBeUndefined();
    expect(
      ['普通劳动力', 'normal', 'ordinary', '技能劳动力', '丧失劳动力', 'lost', '无劳动力', 'none'].map(
        parseLabourAbility,
      ),
    ).toEqual(['ordinary', 'ordinary', 'ordinary', 'skilled', 'lost', 'lost', 'none', 'none']);
    expect(['因病', 'illness', '缺技术', '交通条件落后', '自身发展动力不足', 'Illness'].map(parseCause)).toEqual([
      'illness',
      'illness',
      'lack_of_skills',
      'poor_transport',
      'lack_of_motivation',
      'illness',
    ]);
    expect(parseCause('因穷')).toBeUndefined();
    expect(
      ['发展生产脱贫一批', '易地搬迁', '社会保障兜底一批', '社保兜底', 'education'].map(parseAssistanceCategory),
    ).toEqual(['production', 'relocation', 'social_security', 'social_security', 'education']);
  });

  it('reads yes/no, sex, phone numbers and lists of other causes', () => {
    expect(['是', '否', 'true', 'FALSE', '1', '0', '', '√'].map(parseYesNo)).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
      false,
      true,
    ]);
    expect(parseYesNo('也许')).toBeUndefined();
    expect(['男', '女', 'M', 'female'].map(parseSex)).toEqual(['male', 'female', 'male', 'female']);
    expect(parsePhone('138 0730 1234')).toBe('13807301234');
    expect(parsePhone('+8613807301234')).toBe('13807301234');
    expect(parsePhone('0734-1234567')).toBe('0734-1234567');
    expect(parsePhone('12345')).toBeUndefined();
    expect(splitCauses('因学、缺技术')).toEqual(['因学', '缺技术']);
    expect(splitCauses('schooling; lack_of_skills ,')).toEqual(['schooling', 'lack_of_skills']);
    expect(splitCauses('')).toEqual([]);
  });
});
