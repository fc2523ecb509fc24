/**
 * The household's relocation subsidy and its tranches (分期拨付), exact to the fen. Pure.
 *
 * - Housing modes: persons × the per-person subsidy of the household's county (or the province's general figure),
 *   paid in tranches on the construction milestones.
 * - Monetary resettlement (货币化安置): persons × the monetary per-person figure, paid as one `lump_sum` tranche.
 * The sum of the tranches equals the subsidy exactly: each tranche is rounded down, the last takes the remainder.
 */

import type { RuleViolation } from '@fupin/localized';
import {
  BP_PER_UNIT,
  CONSTRUCTION_MILESTONES,
  LUMP_SUM,
  checkTranchePlan,
  isFen,
  type Fen,
  type RelocationPolicy,
  type TrancheMilestone,
  type TranchePlan,
} from './policy';

export interface Tranche {
  milestone: TrancheMilestone;
  amountFen: Fen;
}

export interface SubsidyRequest {
  persons: number;
  /** 'monetary' for 货币化安置; any other mode builds or allocates a home. */
  mode: string;
  /** 6-digit county of the household, for a county-specific standard. */
  countyCode?: string;
}

function checkPersons(persons: number): void {
  if (!Number.isSafeInteger(persons) || persons < 1)
    throw new RangeError(`persons must be a whole number ≥ 1, got ${persons}`);
}

/** The per-person figure that applies: monetary, else the county's own standard, else the general one. */
export function perPersonSubsidyFen(policy: RelocationPolicy, mode: string, countyCode?: string): Fen {
  if (mode === 'monetary') return policy.monetaryPerPersonFen;
  const byCounty = countyCode === undefined ? undefined : policy.perPersonSubsidyFen.byCounty[countyCode];
  return byCounty ?? policy.perPersonSubsidyFen.general;
}

/** The household's total subsidy in fen. Throws RangeError for persons < 1 or a total beyond safe integers. */
export function householdSubsidyFen(policy: RelocationPolicy, request: SubsidyRequest): Fen {
  checkPersons(request.persons);
  const total = request.persons * perPersonSubsidyFen(policy, request.mode, request.countyCode);
  if (!isFen(total)) throw new RangeError(`subsidy beyond safe integers for ${request.persons} persons`);
  return total;
}

/**
 * Split `totalFen` over the milestones of `plan`, in milestone order: each tranche is ⌊total × share / 10000⌋, the
 * last tranche takes what rounding left, so the tranches sum to `totalFen` exactly. Throws RangeError for a total
 * that is not whole fen ≥ 0 or a plan whose shares are not whole basis points summing to 10000.
 */
export function splitTranches(totalFen: Fen, plan: TranchePlan): Tranche[] {
  if (!isFen(totalFen)) throw new RangeError(`totalFen must be whole fen ≥ 0, got ${totalFen}`);
  const problems = checkTranchePlan(plan);
  if (problems.length) throw new RangeError(problems.map((p) => p.message.en).join('; '));
  const total = BigInt(totalFen);
  let given = 0n;
  return CONSTRUCTION_MILESTONES.map((milestone, i) => {
    const last = i === CONSTRUCTION_MILESTONES.length - 1;
    const amount = last ? total - given : (total * BigInt(plan[milestone])) / BigInt(BP_PER_UNIT);
    given += amount;
    return { milestone, amountFen: Number(amount) };
  });
}

/** The tranches of a household: one `lump_sum` for monetary resettlement, else the plan's milestones. */
export function householdTranches(totalFen: Fen, mode: string, plan: TranchePlan): Tranche[] {
  if (mode !== 'monetary') return splitTranches(totalFen, plan);
  if (!isFen(totalFen)) throw new RangeError(`totalFen must be whole fen ≥ 0, got ${totalFen}`);
  return [{ milestone: LUMP_SUM, amountFen: totalFen }];
}

export type SelfFinancingCheck =
  | { ok: true; selfFinancingFen: Fen; capFen: Fen }
  | { ok: false; refusal: RuleViolation & { selfFinancingFen: Fen | null; capFen: Fen | null } };

/**
 * The household's own share (自筹) of a home costing `costFen` with `subsidyFen` of subsidy: refused above `capFen`
 * (不因搬迁而负债), with the figures. A subsidy above the cost leaves a share of 0.
 */
export function checkSelfFinancing(costFen: Fen, subsidyFen: Fen, capFen: Fen): SelfFinancingCheck {
  const bad = [
    ['costFen', costFen],
    ['subsidyFen', subsidyFen],
    ['capFen', capFen],
  ].find(([, v]) => !isFen(v));
  if (bad) {
    const field = bad[0] as string;
    return {
      ok: false,
      refusal: {
        field,
        rule: 'integer_fen',
        message: { 'zh-CN': `${field}须为非负整数（分）`, en: `${field} must be whole fen ≥ 0` },
        selfFinancingFen: null,
        capFen: isFen(capFen) ? capFen : null,
      },
    };
  }
  const selfFinancingFen = Math.max(0, costFen - subsidyFen);
  if (selfFinancingFen <= capFen) return { ok: true, selfFinancingFen, capFen };
  const yuan = (fen: Fen): string => (fen / 100).toFixed(2);
  return {
    ok: false,
    refusal: {
      field: 'costFen',
      rule: 'self_financing_cap',
      message: {
        'zh-CN': `农户自筹${yuan(selfFinancingFen)}元，超过户均自筹上限${yuan(capFen)}元（不因搬迁而负债）`,
        en: `the household would pay ${yuan(selfFinancingFen)} yuan itself, above the cap of ${yuan(capFen)} yuan`,
      },
      selfFinancingFen,
      capFen,
    },
  };
}
