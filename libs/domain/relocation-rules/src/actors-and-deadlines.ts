/**
 * Who acts on a relocation case, and the escalation ladder (督办) when they are late. Pure.
 *
 * The ladder is the platform's (identification-rules `escalationAt`, which the exit procedures share): a step done in
 * the village escalates to the township, then the county, then the county with the workflow operator; a township step
 * starts at the county; a county step alerts the county and the operator at once. It is restated here because the
 * module boundaries (eslint depConstraints: scope:relocation → scope:relocation | scope:shared) forbid importing
 * @fupin/identification-rules; the shapes (`Escalation`, `StepEscalation`) are the same, and a unit test pins the rungs.
 */

import type { LocalizedMessage } from '@fupin/localized';

export const SECONDS_PER_DAY = 86_400;
export const days = (n: number): number => n * SECONDS_PER_DAY;

export type ActorLevel = 'village' | 'township' | 'county';
const CODE_LENGTH: Readonly<Record<ActorLevel, number>> = { village: 12, township: 9, county: 6 };

/** Who may act: a role at a division level; a department officer also needs one of `departments`. */
export interface RelocationActor {
  role: 'village_cadre' | 'township_reviewer' | 'county_approver' | 'department_officer';
  level: ActorLevel;
  departments?: readonly string[];
}

/** A jurisdiction as `@fupin/auth` carries it, or a bare division code. */
export type RelocationJurisdiction =
  string | { kind: 'division'; code: string } | { kind: 'department'; department: string; divisionCode?: string };

/** The signer: structurally compatible with `@fupin/auth`'s `Principal`. */
export interface RelocationPrincipal {
  subject: string;
  name?: string;
  role: string;
  jurisdiction: RelocationJurisdiction;
}

/** A signer as the case history keeps it (谁签字谁负责); a department jurisdiction reads `dept:relocation@430524`. */
export interface SignerRecord {
  subject: string;
  name?: string;
  role: string;
  jurisdiction: string;
}

export interface Refusal {
  rule: string;
  message: LocalizedMessage;
  field?: string;
}

export const refusal = (rule: string, zh: string, en: string, field?: string): Refusal => ({
  rule,
  message: { 'zh-CN': zh, en },
  ...(field ? { field } : {}),
});

/** The division code a principal acts for (department officers: their division), or null. */
export function jurisdictionCode(j: RelocationJurisdiction | undefined): string | null {
  if (typeof j === 'string') return j;
  if (j && typeof j === 'object' && j.kind === 'division' && typeof j.code === 'string') return j.code;
  if (j && typeof j === 'object' && j.kind === 'department' && typeof j.divisionCode === 'string')
    return j.divisionCode;
  return null;
}

export function signerRecord(p: RelocationPrincipal): SignerRecord {
  const code = jurisdictionCode(p.jurisdiction) ?? 'unknown';
  const j = p.jurisdiction;
  const jurisdiction = typeof j === 'object' && j.kind === 'department' ? `dept:${j.department}@${code}` : code;
  return { subject: p.subject, ...(p.name ? { name: p.name } : {}), role: p.role, jurisdiction };
}

const describe = (a: RelocationActor): string =>
  a.departments ? `${a.role}(${a.departments.join('/')})@${a.level}` : `${a.role}@${a.level}`;

function departmentMismatch(actor: RelocationActor, j: RelocationJurisdiction): boolean {
  if (!actor.departments) return typeof j === 'object' && j.kind === 'department';
  return !(typeof j === 'object' && j.kind === 'department' && actor.departments.includes(j.department));
}

/** Why `principal` is none of `actors` over the household's village (role, department, level, jurisdiction), or null. */
export function actorRefusal(
  actors: readonly RelocationActor[],
  what: LocalizedMessage,
  principal: RelocationPrincipal | undefined,
  villageCode: string,
): Refusal | null {
  const actor = actors.find((a) => a.role === principal?.role && !departmentMismatch(a, principal.jurisdiction));
  if (!principal || !actor) {
    const who = actors.map(describe).join(' / ');
    return refusal(
      'wrong_role',
      `“${what['zh-CN']}”须由${who}办理，当前为${String(principal?.role)}`,
      `${what.en} must be done by ${who}, not ${String(principal?.role)}`,
      'by',
    );
  }
  const code = jurisdictionCode(principal.jurisdiction);
  if (code === null || !/^\d+$/.test(code) || code.length !== CODE_LENGTH[actor.level]) {
    return refusal(
      'wrong_level',
      `${actor.role}须持有${actor.level}级辖区，当前为${String(code)}`,
      `${actor.role} must hold a ${actor.level} jurisdiction, has ${String(code)}`,
      'by',
    );
  }
  if (!villageCode.startsWith(code)) {
    return refusal(
      'out_of_jurisdiction',
      `村${villageCode}不在辖区${code}内`,
      `village ${villageCode} is outside jurisdiction ${code}`,
      'by',
    );
  }
  return null;
}

/** The division at `level` containing the village (430524101201 → township 430524101, county 430524). */
export const divisionAt = (level: ActorLevel, villageCode: string): string => villageCode.slice(0, CODE_LENGTH[level]);

export interface Escalation {
  /** The level alerted and asked to intervene (督办). */
  level: 'township' | 'county';
  role: 'township_reviewer' | 'county_approver';
  /** Also alert the workflow operator (流程运维): when the county itself is late nobody above it is in the platform. */
  alertWorkflowOperator: boolean;
}

const TO_TOWNSHIP: Escalation = Object.freeze({
  level: 'township',
  role: 'township_reviewer',
  alertWorkflowOperator: false,
});
const TO_COUNTY: Escalation = Object.freeze({ level: 'county', role: 'county_approver', alertWorkflowOperator: false });
const TO_COUNTY_AND_OPERATOR: Escalation = Object.freeze({
  level: 'county',
  role: 'county_approver',
  alertWorkflowOperator: true,
});
const LADDER: Readonly<Record<ActorLevel, readonly Escalation[]>> = {
  village: [TO_TOWNSHIP, TO_COUNTY, TO_COUNTY_AND_OPERATOR],
  township: [TO_COUNTY, TO_COUNTY_AND_OPERATOR],
  county: [TO_COUNTY_AND_OPERATOR],
};

/** Who is alerted at the `times`-th miss of a step done at `level` (same ladder as identification's `escalationAt`). */
export function escalationAt(level: ActorLevel, times = 1): Escalation {
  if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a whole number ≥ 1, got ${times}`);
  const ladder = LADDER[level];
  return ladder[Math.min(times, ladder.length) - 1];
}

/** The misses at the current pending action: how many, the last one, who it alerted. Reset when the action changes. */
export interface StepEscalation {
  readonly times: number;
  readonly at: string;
  readonly to: Escalation;
}

export function nextEscalation(level: ActorLevel, current: StepEscalation | null, at: string): StepEscalation {
  const times = (current?.times ?? 0) + 1;
  return { times, at, to: escalationAt(level, times) };
}

/** When the action's deadline falls: `seconds` after it began, or after its last escalation (each rung gets the time again). */
export function deadlineDueAt(since: string, escalation: StepEscalation | null, seconds: number): string {
  return new Date(Date.parse(escalation?.at ?? since) + seconds * 1000).toISOString();
}

const LEVEL = { township: { zh: '乡镇', en: 'township' }, county: { zh: '县', en: 'county' } } as const;

/** The audit trail's reason for a miss, e.g. 拆旧复垦逾期未办理，第1次督办：乡镇. */
export function escalationReason(what: LocalizedMessage, e: StepEscalation): string {
  const { zh, en } = LEVEL[e.to.level];
  const op = e.to.alertWorkflowOperator
    ? { zh: '并通知流程运维', en: ' and the workflow operator' }
    : { zh: '', en: '' };
  return (
    `${what['zh-CN']}逾期未办理，第${e.times}次督办：${zh}${op.zh} / ` +
    `${what.en} overdue (${e.times}): escalated to the ${en}${op.en}`
  );
}
