/**
 * Administrative division codes (行政区划代码): province 2 digits, city 4, county 6, township 9, village 12.
 * A child's code starts with its parent's code.
 */
export type DivisionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

const LEVEL_BY_LENGTH: Readonly<Record<number, DivisionLevel>> = {
  2: 'province', // 省
  4: 'city', // 市
  6: 'county', // 县
  9: 'township', // 乡镇
  12: 'village', // 村
};

const PARENT_LENGTH: Readonly<Record<DivisionLevel, number | null>> = {
  province: null,
  city: 2,
  county: 4,
  township: 6,
  village: 9,
};

/** The level of a division code, or null when it is not a 2/4/6/9/12-digit code. */
export function divisionLevel(code: string): DivisionLevel | null {
  if (typeof code !== 'string' || !/^\d+$/.test(code)) return null;
  return LEVEL_BY_LENGTH[code.length] ?? null;
}

/** True for a well-formed division code of any level. */
export function isDivisionCode(code: string): boolean {
  return divisionLevel(code) !== null;
}

/** The code of the division one level up (上级区划), null for a province or an invalid code. */
export function parentDivision(code: string): string | null {
  const level = divisionLevel(code);
  if (level === null) return null;
  const length = PARENT_LENGTH[level];
  return length === null ? null : code.slice(0, length);
}

/**
 * True when `code` lies inside `ancestor` (辖区内), or is `ancestor` itself — a village user acts on their own village.
 * False when either code is malformed.
 */
export function isWithin(code: string, ancestor: string): boolean {
  if (!isDivisionCode(code) || !isDivisionCode(ancestor)) return false;
  return ancestor.length <= code.length && code.startsWith(ancestor);
}

/** 省级行政区划代码: the 31 provinces plus Taiwan (71), Hong Kong (81), Macao (82). */
export const PROVINCE_CODES: readonly string[] = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
];
const PROVINCE_CODE_SET: ReadonlySet<string> = new Set(PROVINCE_CODES);

/** True for one of the province-level codes (省级代码) above. */
export function isProvinceCode(code: unknown): code is string {
  return typeof code === 'string' && PROVINCE_CODE_SET.has(code);
}
