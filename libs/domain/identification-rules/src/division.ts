/** 行政区划代码: province 2, city 4, county 6, township 9, village 12 digits. */
export type DivisionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

const LEVELS: Record<number, DivisionLevel> = { 2: 'province', 4: 'city', 6: 'county', 9: 'township', 12: 'village' };
const PARENT_LENGTH: Record<number, number> = { 4: 2, 6: 4, 9: 6, 12: 9 };

export function divisionLevel(code: string): DivisionLevel | null {
  return /^\d+$/.test(code) ? (LEVELS[code.length] ?? null) : null;
}

export function parentDivision(code: string): string | null {
  const len = PARENT_LENGTH[code.length];
  return len ? code.slice(0, len) : null;
}

export function isWithin(code: string, ancestor: string): boolean {
  return divisionLevel(code) !== null && divisionLevel(ancestor) !== null && code.startsWith(ancestor);
}
