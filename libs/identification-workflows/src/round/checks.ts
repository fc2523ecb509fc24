import type { ProcedureEvent, ProcedureState, ProcedureStep, HistoryEntry } from '@fupin/identification-rules';
import type {
  EligibilityCheck,
  ExclusionCheck,
  IdentificationActivities,
  IdentificationRoundInput,
  StepActionInput,
} from './definitions';
import type { Cases } from '../kernel/cases';
import { refuse } from '../kernel/refusals';

type Check = { eligibility?: EligibilityCheck; exclusions?: ExclusionCheck; relativesCheckedAt?: ProcedureStep };

/**
 * The checks an identification round records on the way (eligibility at the survey, 四不列 and 优亲厚友 at the
 * township review and the county cross-check), and the refusals they decide.
 */
export class RoundChecks {
  private readonly checks = new Map<string, Check>();

  constructor(
    householdIds: readonly string[],
    private readonly activities: IdentificationActivities,
  ) {
    for (const id of householdIds) this.checks.set(id, {});
  }

  of(householdId: string): { eligibility?: EligibilityCheck; exclusions?: ExclusionCheck } {
    const { eligibility, exclusions } = this.checks.get(householdId)!;
    return { eligibility, exclusions };
  }

  /** What the recorded checks decide about an action (the update's validator, and again under the lock). */
  refuseAction({ step, action, reason }: StepActionInput, ids: string[]): void {
    const check = (id: string) => this.checks.get(id)!;
    if (action === 'approve' && step === 'county_cross_check') {
      const excluded = ids.filter((id) => check(id).exclusions?.excluded);
      if (excluded.length)
        throw refuse(
          'round.excluded',
          409,
          `以下户命中“四不列”比对，不能通过：${excluded.join('、')}`,
          `excluded by the cross-check (四不列), cannot pass: ${excluded.join(', ')}`,
          { data: excluded.map((id) => ({ householdId: id, hits: check(id).exclusions!.hits })) },
        );
      const unchecked = ids.filter((id) => !check(id).exclusions);
      if (unchecked.length)
        throw refuse(
          'round.not_cross_checked',
          409,
          `比对尚未完成：${unchecked.join('、')}`,
          `cross-check not finished yet: ${unchecked.join(', ')}`,
        );
    }
    // 优亲厚友: a cadre's relative is not excluded, but the township must say why it passes.
    const flagged = ids.filter((id) => check(id).exclusions?.flaggedForTownshipReview);
    if (action === 'approve' && step === 'township_review' && flagged.length && !reason?.trim())
      throw refuse(
        'round.relative_needs_reason',
        409,
        `以下户为村干部亲属，乡镇审核通过须写明核查理由：${flagged.join('、')}`,
        `relatives of village cadres; the township must give its reason to pass them: ${flagged.join(', ')}`,
        { field: 'reason' },
      );
  }

  /** 评议前先核算: only a household that qualifies by the income survey and 两不愁三保障 goes on. */
  async evaluateEligibility({ roundId, incomeYear }: IdentificationRoundInput, ids: string[]): Promise<void> {
    const results = await this.activities.evaluateEligibility({ roundId, incomeYear, householdIds: ids });
    for (const id of ids) this.checks.get(id)!.eligibility = results[id];
    const ineligible = ids.filter((id) => !results[id]?.eligible);
    if (ineligible.length)
      throw refuse(
        'round.ineligible',
        409,
        `以下户不符合识别标准，请否决并说明理由：${ineligible.join('、')}`,
        `not eligible, reject them with a reason: ${ineligible.join(', ')}`,
        { data: ineligible.map((id) => ({ householdId: id, ...results[id] })) },
      );
  }

  /** Households that arrived at a step needing the cross-check run it in one activity call per step. */
  async crossCheck(roundId: string, cases: Cases<ProcedureState, ProcedureEvent, HistoryEntry>): Promise<void> {
    const due = (['township_review', 'county_cross_check'] as const).map(
      (step) => [cases.at(step).filter((id) => this.checks.get(id)!.relativesCheckedAt !== step), step] as const,
    );
    for (const [ids, step] of due) {
      if (ids.length === 0) continue;
      const results = await this.activities.crossCheck({ roundId, householdIds: ids });
      for (const id of ids) Object.assign(this.checks.get(id)!, { exclusions: results[id], relativesCheckedAt: step });
      cases.version++;
    }
  }
}
