import { mapExclusionHeaders } from './exclusion-columns';

describe('exclusion file headers', () => {
  it("maps snake_case, canonical and Chinese headers to the rule's columns", () => {
    const v = mapExclusionHeaders('vehicle', ['序号', 'id_number', 'name', 'plate', 'vehicle_type', '是否生产性车辆']);
    expect(v.errors).toEqual([]);
    expect([...v.index]).toEqual([
      ['idNumber', 1],
      ['name', 2],
      ['plateNumber', 3],
      ['vehicleType', 4],
      ['productive', 5],
    ]);
    expect(v.label.get('plateNumber')).toBe('plate');
    const h = mapExclusionHeaders('commercial_housing', ['身份证号码', '房屋坐落', 'area_m2']);
    expect([...h.index.keys()]).toEqual(['idNumber', 'address', 'area']);
    expect([...mapExclusionHeaders('public_payroll', ['身份证号', '工作单位']).index.keys()]).toEqual([
      'idNumber',
      'employer',
    ]);
    expect([
      ...mapExclusionHeaders('business_registration', ['id_number', 'company_name', 'registration_no']).index.keys(),
    ]).toEqual(['idNumber', 'businessName', 'creditCode']);
  });

  it('names missing required columns and duplicates', () => {
    const v = mapExclusionHeaders('vehicle', ['身份证号', 'id_number']);
    expect(v.errors.map((e) => [e.row, e.column, e.rule])).toEqual([
      [1, 'id_number', 'duplicate_column'],
      [1, 'plateNumber', 'missing_column'],
    ]);
  });
});
