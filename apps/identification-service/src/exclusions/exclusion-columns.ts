import { EXCLUSION_COLUMNS, type ExclusionSource } from '@fupin/identification-rules';
import type { ImportError } from '../imports/error-report';
import { normaliseHeader } from '../imports/roster-columns';

/**
 * Headers accepted in a department's exclusion file (四不列比对数据), mapped to the canonical column names of
 * `EXCLUSION_COLUMNS` (@fupin/identification-rules), which does the row validation. Besides each canonical
 * name and its Chinese header, the usual snake_case and Chinese variants are accepted.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  idNumber: [
    'id_number',
    'idno',
    '身份证号',
    '身份证号码',
    '证件号码',
    '公民身份号码',
    '所有人身份证号',
    '权利人身份证号',
  ],
  name: ['name', '姓名', '所有人', '权利人', '机动车所有人'],
  plateNumber: ['plate', 'plate_number', 'plate_no', '号牌号码', '车牌号', '车牌号码'],
  vehicleType: ['vehicle_type', '车辆类型', '车型'],
  productive: ['productive', '生产性车辆', '是否生产性车辆', '是否生产性', '生产性'],
  address: ['address', '房屋坐落', '坐落', '地址', '房屋地址'],
  area: ['area_m2', 'area', '建筑面积', '面积'],
  registeredOn: ['registered_on', '登记日期', '登簿日期'],
  employer: ['employer', '工作单位', '单位', '单位名称'],
  payrollType: ['payroll_type', '供养类别', '人员类别'],
  businessName: ['company_name', 'business_name', '市场主体名称', '企业名称', '主体名称'],
  creditCode: ['registration_no', 'credit_code', '统一社会信用代码', '注册号'],
  status: ['status', '登记状态', '经营状态'],
};

export interface ExclusionHeaderMapping {
  /** canonical column name → index in the file */
  index: Map<string, number>;
  /** canonical column name → the header as the file writes it */
  label: Map<string, string>;
  errors: ImportError[];
}

export function mapExclusionHeaders(source: ExclusionSource, headers: readonly string[]): ExclusionHeaderMapping {
  const columns = EXCLUSION_COLUMNS[source];
  const lookup = new Map<string, string>();
  for (const c of columns) {
    for (const alias of [c.name, c.header, ...(ALIASES[c.name] ?? [])]) lookup.set(normaliseHeader(alias), c.name);
  }
  const index = new Map<string, number>();
  const label = new Map<string, string>();
  const errors: ImportError[] = [];
  headers.forEach((h, i) => {
    const name = lookup.get(normaliseHeader(h));
    if (!name) return;
    if (index.has(name)) {
      errors.push({
        row: 1,
        column: h,
        rule: 'duplicate_column',
        message: { 'zh-CN': `表头中“${h}”对应的列出现了两次`, en: `the header has the ${name} column twice` },
      });
      return;
    }
    index.set(name, i);
    label.set(name, h);
  });
  for (const c of columns) {
    if (c.required && !index.has(c.name)) {
      errors.push({
        row: 1,
        column: c.name,
        rule: 'missing_column',
        message: {
          'zh-CN': `缺少必填列“${c.header}”（${c.name}）`,
          en: `the required column ${c.name} (${c.header}) is missing`,
        },
      });
    }
  }
  return { index, label, errors };
}
