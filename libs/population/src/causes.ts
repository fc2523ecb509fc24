import type { AssistanceCategory, PovertyCause } from '@fupin/identification-rules';
import { type Draws, weights, type Weighted } from './random';

/** Share of households by main cause (致贫原因), roughly as in the 2014 national register (about 42 % illness). */
export const MAIN_CAUSE_WEIGHTS: Readonly<Record<PovertyCause, number>> = {
  illness: 42,
  disability: 14,
  lack_of_funds: 10,
  lack_of_skills: 8,
  lack_of_labour: 7,
  schooling: 6,
  disaster: 3,
  lack_of_land: 2.5,
  poor_transport: 2,
  lack_of_water: 1.5,
  lack_of_motivation: 2,
  marriage: 1,
  other: 1,
};
const CAUSES: Weighted<PovertyCause> = weights(Object.entries(MAIN_CAUSE_WEIGHTS) as [PovertyCause, number][]);

/** How many other causes (at most two) a household has besides its main one. */
const OTHER_CAUSE_COUNTS: Weighted<number> = weights([
  [0, 40],
  [1, 40],
  [2, 20],
]);

/** A household's main cause and up to two other, different ones, drawn with the register's shares. */
export function povertyCausesOf(d: Draws): { mainCause: PovertyCause; otherCauses: PovertyCause[] } {
  const mainCause = d.weighted(CAUSES);
  const otherCauses: PovertyCause[] = [];
  for (let n = d.weighted(OTHER_CAUSE_COUNTS); otherCauses.length < n;) {
    const c = d.weighted(CAUSES);
    if (c !== mainCause && !otherCauses.includes(c)) otherCauses.push(c);
  }
  return { mainCause, otherCauses };
}

/** 帮扶类别 (五个一批) of households with someone of working age. */
const ASSISTANCE: Weighted<AssistanceCategory> = weights<AssistanceCategory>([
  ['production', 52],
  ['relocation', 10],
  ['ecological_compensation', 6],
  ['education', 10],
  ['social_security', 22],
]);

/** 帮扶类别: social security (社会保障兜底) when no member is of working age (16–64), else drawn by the shares above. */
export function assistanceCategoryOf(members: readonly { age: number }[], d: Draws): AssistanceCategory {
  return members.every((m) => m.age >= 65 || m.age < 16) ? 'social_security' : d.weighted(ASSISTANCE);
}
