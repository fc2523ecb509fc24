import type { HealthStatus, LabourAbility } from '@fupin/identification-rules';
import { type Draws, weights, type Weighted } from './random';

export type Sex = 'male' | 'female';
/** 与户主关系 as the registers write it. */
export type Relation = '户主' | '配偶' | '父母' | '子女' | '孙子女';

export interface Member {
  relation: Relation;
  age: number;
  sex: Sex;
}

/** Household sizes: mean 3.21 persons (the 2014 register's rural households, a little above 3). */
export const HOUSEHOLD_SIZE_WEIGHTS: Weighted<number> = weights([
  [1, 13],
  [2, 22],
  [3, 23],
  [4, 23],
  [5, 13],
  [6, 4],
  [7, 2],
]);

/** The members of a household of `size`: head, spouse, perhaps a parent, children or grandchildren, with ages. */
export function membersOf(size: number, d: Draws): Member[] {
  const headAge = size === 1 ? d.int(55, 88) : d.int(26, 78);
  const headSex: Sex = d.rnd() < 0.82 ? 'male' : 'female';
  const members: Member[] = [{ relation: '户主', age: headAge, sex: headSex }];
  if (size >= 2 && d.rnd() < 0.85)
    members.push({
      relation: '配偶',
      age: Math.max(18, headAge + d.int(-6, 4)),
      sex: headSex === 'male' ? 'female' : 'male',
    });
  if (members.length < size && headAge < 58 && d.rnd() < 0.25)
    members.push({ relation: '父母', age: Math.min(95, headAge + d.int(22, 32)), sex: randomSex(d, 0.5) });
  while (members.length < size) {
    const grandchild = headAge >= 58 && d.rnd() < 0.5;
    const age = grandchild ? d.int(0, 16) : Math.max(0, headAge - d.int(20, 36));
    members.push({ relation: grandchild ? '孙子女' : '子女', age, sex: randomSex(d, 0.52) });
  }
  return members;
}

function randomSex(d: Draws, maleShare: number): Sex {
  return d.rnd() < maleShare ? 'male' : 'female';
}

/**
 * 健康状况: the member who carries the household's illness or disability cause has it (an illness chronic or serious);
 * of the others, some of the elderly are chronically ill.
 */
export function healthOf(age: number, carries: 'illness' | 'disability' | null, d: Draws): HealthStatus {
  if (carries === 'illness') return d.rnd() < 0.6 ? 'chronic_illness' : 'serious_illness';
  if (carries === 'disability') return 'disability';
  return age >= 65 && d.rnd() < 0.3 ? 'chronic_illness' : 'healthy';
}

/** 劳动能力 by age and health: none under 16 and from 65, lost at 16–69 with a serious illness or a disability. */
export function labourOf(age: number, health: HealthStatus, d: Draws): LabourAbility {
  if (age < 16 || age >= 70) return 'none';
  if (health === 'serious_illness' || health === 'disability') return 'lost';
  if (age >= 65) return 'none';
  return d.rnd() < 0.15 ? 'skilled' : 'ordinary';
}

/** 文化程度 by age, as the registers' labels. */
export function educationOf(age: number, d: Draws): string {
  if (age < 6) return '学龄前儿童';
  if (age < 12) return '小学';
  if (age < 16) return '初中';
  return age >= 60 ? d.pick(['文盲或半文盲', '小学']) : d.pick(['小学', '初中', '初中', '高中', '大专及以上']);
}

/** A mainland mobile number (13x, 15x, 17x, 18x, 19x). */
export function mobileNumber(d: Draws): string {
  return `1${d.pick(['3', '5', '7', '8', '9'])}${String(d.int(0, 999_999_999)).padStart(9, '0')}`;
}
