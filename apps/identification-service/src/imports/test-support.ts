// Helpers for this folder's integration tests (not used by the service).
import { residentIdCheckDigit } from '@fupin/identification-rules';
import { csvLine } from './tabular';

export const ROSTER_HEADERS_EN = [
  'household_key', 'village_code', 'id_number', 'name', 'birth_date', 'relation', 'ethnicity', 'education', 'student_status', 'health',
  'labour_ability', 'basic_medical_insured', 'pension_insured', 'phone', 'main_cause', 'other_causes', 'assistance_category',
] as const;

export type RosterRow = Record<(typeof ROSTER_HEADERS_EN)[number], string>;

let sequence = 0;

/** A valid resident ID for a county and birth date (sequence numbers unique within the process). */
export function residentId(county: string, birthDate: string, sex: 'male' | 'female' = 'male'): string {
  sequence = (sequence + 1) % 500;
  const seq = sequence * 2 + (sex === 'male' ? 1 : 0);
  const first17 = `${county}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

/** A household of `size` rows: head first; household-level values on the head's row. */
export function householdRows(key: string, village: string, size: number, overrides: Partial<RosterRow>[] = []): RosterRow[] {
  const county = village.slice(0, 6);
  return Array.from({ length: size }, (_, i) => {
    const birth = i === 0 ? '1968-05-17' : i === 1 ? '1970-02-03' : `20${String(5 + i).padStart(2, '0')}-0${(i % 9) + 1}-1${i % 10}`;
    const sex = i === 1 ? 'female' : 'male';
    const row: RosterRow = {
      household_key: key, village_code: village, id_number: residentId(county, birth, sex), name: ['王建国', '李秀英', '王小明', '王小红', '阿依古丽·买买提'][i % 5],
      birth_date: birth, relation: i === 0 ? '户主' : i === 1 ? '配偶' : '子女', ethnicity: '汉族', education: '初中', student_status: i >= 2 ? '小学在读' : '非在校生',
      health: i === 0 ? '长期慢性病' : '健康', labour_ability: i >= 2 ? '无劳动力' : '普通劳动力', basic_medical_insured: '是', pension_insured: i < 2 ? '是' : '否',
      phone: i === 0 ? '13807301234' : '', main_cause: i === 0 ? '因病' : '', other_causes: i === 0 ? '缺技术' : '', assistance_category: i === 0 ? '发展生产脱贫一批' : '',
    };
    return { ...row, ...(overrides[i] ?? {}) };
  });
}

export function rosterCsv(rows: RosterRow[], headers: readonly string[] = ROSTER_HEADERS_EN): string {
  return [csvLine(headers), ...rows.map((r) => csvLine(ROSTER_HEADERS_EN.map((h) => r[h])))].join('\r\n') + '\r\n';
}
