import { ESCALATION_LEVELS, type EscalationLevel } from '@fupin/exit-rules';

/**
 * What a batch of procedure history entries leaves in a household's step mirror (round_household, exit_household):
 * its latest step, when that step began (the last step change in the batch; null: unchanged, keep the recorded
 * start) and the last deadline miss at it (逾期督办; null with `since` set: a new step has none yet). Pure, so the
 * activities of the identification round and the exit round record the same way.
 */
export interface StepEntry {
  readonly step: string;
  readonly to: string;
  readonly at: string;
  readonly escalation?: { readonly level: string; readonly role: string; readonly times: number };
}

export interface StepMirrorRow {
  household_id: string;
  step: string;
  /** When the current step began, if this batch moved the household; null keeps the recorded start. */
  since: string | null;
  /** The last miss at the current step recorded in this batch, or null (then kept, unless `since` is set). */
  escalation_times: number | null;
  escalated_at: string | null;
  escalated_level: string | null;
  escalated_role: string | null;
}

const NO_ESCALATION = { escalation_times: null, escalated_at: null, escalated_level: null, escalated_role: null };

export function stepMirrorRows(entries: readonly { householdId: string; entry: StepEntry }[]): StepMirrorRow[] {
  const rows = new Map<string, StepMirrorRow>();
  for (const { householdId, entry } of entries) {
    const row = rows.get(householdId) ?? { household_id: householdId, step: entry.to, since: null, ...NO_ESCALATION };
    row.step = entry.to;
    if (entry.to !== entry.step) Object.assign(row, { since: entry.at }, NO_ESCALATION);
    else if (entry.escalation)
      Object.assign(row, {
        escalation_times: entry.escalation.times,
        escalated_at: entry.at,
        escalated_level: entry.escalation.level,
        escalated_role: entry.escalation.role,
      });
    rows.set(householdId, row);
  }
  return [...rows.values()];
}

/**
 * The SQL that applies the rows (`x`, from `json_to_recordset`) to a step mirror aliased `m`: a moved household's
 * start and misses are replaced, an unmoved one keeps them unless a new miss is recorded.
 */
export const STEP_MIRROR_COLUMNS = `x(household_id uuid, step text, since timestamptz, escalation_times int, escalated_at timestamptz, escalated_level text, escalated_role text)`;
export const STEP_MIRROR_SET = `step = x.step, updated_at = now(),
  step_since = COALESCE(x.since, m.step_since),
  escalation_times = CASE WHEN x.escalation_times IS NOT NULL THEN x.escalation_times WHEN x.since IS NOT NULL THEN 0 ELSE m.escalation_times END,
  escalated_at = CASE WHEN x.escalation_times IS NOT NULL THEN x.escalated_at WHEN x.since IS NOT NULL THEN NULL ELSE m.escalated_at END,
  escalated_level = CASE WHEN x.escalation_times IS NOT NULL THEN x.escalated_level WHEN x.since IS NOT NULL THEN NULL ELSE m.escalated_level END,
  escalated_role = CASE WHEN x.escalation_times IS NOT NULL THEN x.escalated_role WHEN x.since IS NOT NULL THEN NULL ELSE m.escalated_role END`;

/**
 * 防止返贫监测: the step a monitored household waits at — its first support measure (帮扶措施), due a fixed time after
 * entry (exit-rules `measureStatus`) — is the village's: the deadline's reminders climb village → township → county
 * (`ESCALATION_LEVELS`), each rung alerting that level's official. `assisted`: a measure is recorded, nobody waits.
 */
export const MONITORING_STEP_ACTORS = { measure: { role: 'village_cadre', level: 'village' } } as const;
export const MONITORING_STEP_LABELS = {
  measure: { 'zh-CN': '落实帮扶措施', en: 'assign a support measure' },
} as const;

const ROLE_AT_LEVEL: Readonly<Record<EscalationLevel, string>> = {
  village: 'village_cadre',
  township: 'township_reviewer',
  county: 'county_approver',
};

/** The miss a rung of the measure deadline records in the mirror: how many so far, the level and role alerted. */
export function measureMiss(level: EscalationLevel): { times: number; level: EscalationLevel; role: string } {
  return { times: ESCALATION_LEVELS.indexOf(level) + 1, level, role: ROLE_AT_LEVEL[level] };
}
