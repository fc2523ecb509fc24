import { divisionLevel, isWithin } from './divisions';
import type { LocalizedMessage, RuleViolation } from './messages';

/**
 * The identification procedure (识别程序) "two assessments, two notices, one cross-check, one announcement"
 * (两评议两公示一比对一公告), SPEC §3.2, as a pure state machine.
 *
 * Deterministic and I/O-free so Temporal workflow code can run it: no clock (every `at` is passed in), no
 * randomness, no Node built-ins. Failures are values; only a malformed start (a bad village code or time) throws.
 *
 *   application → household_survey → village_group_assessment → village_committee_assessment
 *   → village_notice → township_review → township_notice → county_cross_check → county_approval
 *   → county_announcement → registered
 *
 * plus `township_reexamination` / `county_reexamination` (复核) entered on an objection, and the terminal steps
 * `registered`, `refused`, `withdrawn`.
 */

// ---------------------------------------------------------------------------------------------------------------
// Steps

/** The main line, in order. */
export const MAIN_STEPS = [
  'application', // 农户申请
  'household_survey', // 入户调查
  'village_group_assessment', // 村民小组评议 (first assessment)
  'village_committee_assessment', // 村两委 + 驻村工作队评议 (second assessment)
  'village_notice', // 村级第一次公示
  'township_review', // 乡镇审核
  'township_notice', // 第二次公示
  'county_cross_check', // 县级比对 (四不列 data)
  'county_approval', // 县级审批
  'county_announcement', // 县级公告
] as const;
export type MainStep = (typeof MAIN_STEPS)[number];

/** Public notices (公示/公告): timed, closed by the system when their period ends, open to objections. */
export const NOTICE_STEPS = ['village_notice', 'township_notice', 'county_announcement'] as const;
export type NoticeStep = (typeof NOTICE_STEPS)[number];

/** Re-examinations (复核) entered when someone objects during a notice. */
export const REEXAMINATION_STEPS = ['township_reexamination', 'county_reexamination'] as const;
export type ReexaminationStep = (typeof REEXAMINATION_STEPS)[number];

export const TERMINAL_STEPS = ['registered', 'refused', 'withdrawn'] as const;
export type TerminalStep = (typeof TERMINAL_STEPS)[number];

export type ProcedureStep = MainStep | ReexaminationStep | TerminalStep;

/** Steps a person must sign (谁签字谁负责): every main step except notices, and the re-examinations. */
export type HumanStep = Exclude<MainStep, NoticeStep> | ReexaminationStep;
export const HUMAN_STEPS: readonly HumanStep[] = [
  'application',
  'household_survey',
  'village_group_assessment',
  'village_committee_assessment',
  'township_review',
  'county_cross_check',
  'county_approval',
  'township_reexamination',
  'county_reexamination',
];

export const PROCEDURE_STEPS: readonly ProcedureStep[] = [...MAIN_STEPS, ...REEXAMINATION_STEPS, ...TERMINAL_STEPS];

export const STEP_LABELS: Readonly<Record<ProcedureStep, LocalizedMessage>> = {
  application: { 'zh-CN': '农户申请', en: 'application' },
  household_survey: { 'zh-CN': '入户调查', en: 'household survey' },
  village_group_assessment: { 'zh-CN': '村民小组评议', en: 'village group assessment' },
  village_committee_assessment: {
    'zh-CN': '村两委和驻村工作队评议',
    en: 'village committee and task force assessment',
  },
  village_notice: { 'zh-CN': '村级公示', en: 'village notice' },
  township_review: { 'zh-CN': '乡镇审核', en: 'township review' },
  township_notice: { 'zh-CN': '乡镇公示', en: 'township notice' },
  county_cross_check: { 'zh-CN': '县级信息比对', en: 'county cross-check' },
  county_approval: { 'zh-CN': '县级审批', en: 'county approval' },
  county_announcement: { 'zh-CN': '县级公告', en: 'county announcement' },
  township_reexamination: { 'zh-CN': '乡镇复核', en: 'township re-examination' },
  county_reexamination: { 'zh-CN': '县级复核', en: 'county re-examination' },
  registered: { 'zh-CN': '已建档立卡', en: 'registered' },
  refused: { 'zh-CN': '不予纳入', en: 'refused' },
  withdrawn: { 'zh-CN': '已撤回申请', en: 'withdrawn' },
};

const has = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);
export const isProcedureStep = (value: unknown): value is ProcedureStep => has(PROCEDURE_STEPS, value);
export const isHumanStep = (value: unknown): value is HumanStep => has(HUMAN_STEPS, value);
export const isNoticeStep = (value: unknown): value is NoticeStep => has(NOTICE_STEPS, value);
export const isReexaminationStep = (value: unknown): value is ReexaminationStep => has(REEXAMINATION_STEPS, value);
export const isTerminalStep = (value: unknown): value is TerminalStep => has(TERMINAL_STEPS, value);

// ---------------------------------------------------------------------------------------------------------------
// Who may act

/** The roles of `@fupin/auth` that take part in the procedure. */
export type ProcedureRole = 'village_cadre' | 'township_reviewer' | 'county_approver';
export type ActorLevel = 'village' | 'township' | 'county';

export interface StepActor {
  role: ProcedureRole;
  /** The division level the actor's jurisdiction must be at; it must also contain the household's village. */
  level: ActorLevel;
}

const VILLAGE_CADRE: StepActor = Object.freeze({ role: 'village_cadre', level: 'village' });
const TOWNSHIP_REVIEWER: StepActor = Object.freeze({ role: 'township_reviewer', level: 'township' });
const COUNTY_APPROVER: StepActor = Object.freeze({ role: 'county_approver', level: 'county' });

/** Who signs each human step. */
export const STEP_ACTORS: Readonly<Record<HumanStep, StepActor>> = Object.freeze({
  application: VILLAGE_CADRE,
  household_survey: VILLAGE_CADRE,
  village_group_assessment: VILLAGE_CADRE,
  village_committee_assessment: VILLAGE_CADRE,
  township_review: TOWNSHIP_REVIEWER,
  township_reexamination: TOWNSHIP_REVIEWER,
  county_cross_check: COUNTY_APPROVER,
  county_approval: COUNTY_APPROVER,
  county_reexamination: COUNTY_APPROVER,
});

/** Who may record that a household withdraws its application (撤回申请): any procedure role over its village. */
export const WITHDRAWAL_ACTORS: readonly StepActor[] = Object.freeze([
  VILLAGE_CADRE,
  TOWNSHIP_REVIEWER,
  COUNTY_APPROVER,
]);

/**
 * A jurisdiction as `@fupin/auth` carries it (`{ kind: 'division', code }` or a department), or a bare division code.
 * A department jurisdiction never acts in this procedure.
 */
export type ProcedureJurisdiction = string | { kind: 'division'; code: string } | { kind: 'department' };

/** The signer: structurally compatible with `@fupin/auth`'s `Principal`. */
export interface ProcedurePrincipal {
  subject: string;
  name?: string;
  role: string;
  jurisdiction: ProcedureJurisdiction;
}

/** The division code of a jurisdiction, or null for a department or a malformed value. */
export function jurisdictionCode(j: ProcedureJurisdiction): string | null {
  if (typeof j === 'string') return j;
  if (j !== null && typeof j === 'object' && j.kind === 'division' && typeof j.code === 'string') return j.code;
  return null;
}

/** The code of the division at `level` that contains `villageCode` (430524101201 → township 430524101, county 430524). */
export function divisionAt(level: ActorLevel, villageCode: string): string {
  return villageCode.slice(0, level === 'village' ? 12 : level === 'township' ? 9 : 6);
}

export type ProcedureRule =
  | 'terminal'
  | 'stale_step'
  | 'unknown_event'
  | 'invalid_time'
  | 'time_before_last'
  | 'signer_required'
  | 'system_only'
  | 'not_a_human_step'
  | 'invalid_village'
  | 'wrong_role'
  | 'wrong_level'
  | 'out_of_jurisdiction'
  | 'reason_required'
  | 'reason_too_long'
  | 'not_allowed'
  | 'no_open_notice'
  | 'objection_id_required'
  | 'duplicate_objection'
  | 'invalid_outcome'
  | 'no_deadline';

export interface ProcedureRefusal {
  rule: ProcedureRule;
  message: LocalizedMessage;
}

function refusal(rule: ProcedureRule, zh: string, en: string): ProcedureRefusal {
  return { rule, message: { 'zh-CN': zh, en } };
}

const LEVEL_LABEL: Readonly<Record<ActorLevel, LocalizedMessage>> = {
  village: { 'zh-CN': '村', en: 'village' },
  township: { 'zh-CN': '乡镇', en: 'township' },
  county: { 'zh-CN': '县', en: 'county' },
};

/** Why `principal` is none of `actors` over the household's village (role, level, jurisdiction), or null. Shared by the exit procedure. */
export function checkActor(
  actors: readonly StepActor[],
  what: LocalizedMessage,
  principal: ProcedurePrincipal,
  villageCode: string,
): ProcedureRefusal | null {
  if (divisionLevel(villageCode) !== 'village') {
    return refusal(
      'invalid_village',
      `农户所在村代码无效：${String(villageCode)}`,
      `not a 12-digit village code: ${String(villageCode)}`,
    );
  }
  const actor = actors.find((a) => a.role === principal?.role);
  if (!actor) {
    const roles = actors.map((a) => a.role).join(' / ');
    return refusal(
      'wrong_role',
      `“${what['zh-CN']}”须由${roles}办理，当前角色为${String(principal?.role)}`,
      `${what.en} must be done by ${roles}, not ${String(principal?.role)}`,
    );
  }
  const code = principal.jurisdiction === undefined ? null : jurisdictionCode(principal.jurisdiction);
  if (code === null || divisionLevel(code) !== actor.level) {
    return refusal(
      'wrong_level',
      `${actor.role}须持有${LEVEL_LABEL[actor.level]['zh-CN']}级辖区，当前为${String(code)}`,
      `${actor.role} must hold a ${actor.level} jurisdiction, has ${String(code)}`,
    );
  }
  if (!isWithin(villageCode, code)) {
    return refusal(
      'out_of_jurisdiction',
      `村${villageCode}不在辖区${code}内`,
      `village ${villageCode} is outside jurisdiction ${code}`,
    );
  }
  return null;
}

/**
 * Why `principal` may not sign `step` for a household of `householdVillageCode`, or null when they may. The role
 * must be the step's role, the jurisdiction a division at the step's level (a county approver holds a 6-digit
 * code, a township reviewer 9 digits, a village cadre 12), and that division must contain the village. Notice
 * steps and terminal steps have no human actor (`not_a_human_step`).
 */
export function actorRefusal(
  step: ProcedureStep,
  principal: ProcedurePrincipal,
  householdVillageCode: string,
): ProcedureRefusal | null {
  if (!isHumanStep(step)) {
    return refusal(
      'not_a_human_step',
      `“${STEP_LABELS[step]?.['zh-CN'] ?? String(step)}”不由人工签批`,
      `${STEP_LABELS[step]?.en ?? String(step)} is not signed by a person`,
    );
  }
  return checkActor([STEP_ACTORS[step]], STEP_LABELS[step], principal, householdVillageCode);
}

/** True when `principal` may act on `step` for a household of `householdVillageCode` (role AND jurisdiction). */
export function mayAct(step: ProcedureStep, principal: ProcedurePrincipal, householdVillageCode: string): boolean {
  return actorRefusal(step, principal, householdVillageCode) === null;
}

/** Why `principal` may not record a withdrawal for the village's household, or null when they may. */
export function withdrawalRefusal(
  principal: ProcedurePrincipal,
  householdVillageCode: string,
): ProcedureRefusal | null {
  return checkActor(
    WITHDRAWAL_ACTORS,
    { 'zh-CN': '撤回申请', en: 'recording a withdrawal' },
    principal,
    householdVillageCode,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Transitions

export type ProcedureAction = 'approve' | 'reject' | 'send_back';

/**
 * Where send-back (退回) goes: the previous HUMAN step of the main line, skipping notices. Going forward again runs
 * through any notice in between, so a decision changed after a send-back is published again:
 *
 * | sent back from                 | to                             |
 * |--------------------------------|--------------------------------|
 * | household_survey               | application                    |
 * | village_group_assessment       | household_survey               |
 * | village_committee_assessment   | village_group_assessment       |
 * | township_review                | village_committee_assessment   |
 * | county_cross_check             | township_review                |
 * | county_approval                | county_cross_check             |
 *
 * `application` has nothing before it; notices, re-examinations and terminal steps cannot be sent back.
 */
export const SEND_BACK_TARGETS: Readonly<Partial<Record<HumanStep, HumanStep>>> = Object.freeze({
  household_survey: 'application',
  village_group_assessment: 'household_survey',
  village_committee_assessment: 'village_group_assessment',
  township_review: 'village_committee_assessment',
  county_cross_check: 'township_review',
  county_approval: 'county_cross_check',
});

/**
 * The step after `action` at `step`, or null when the action does not apply there.
 * - approve: the next main step (county_announcement → registered); for a notice, "approve" is its closing.
 * - reject: `refused`, from any human main-line step (a reason is required, see `applyEvent`).
 * - send_back: `SEND_BACK_TARGETS`.
 * Re-examinations are decided with `reexamined` (upheld / dismissed), not with these actions.
 */
export function nextStep(step: ProcedureStep, action: ProcedureAction): ProcedureStep | null {
  if (!has(MAIN_STEPS, step)) return null;
  switch (action) {
    case 'approve': {
      const i = MAIN_STEPS.indexOf(step);
      return i === MAIN_STEPS.length - 1 ? 'registered' : MAIN_STEPS[i + 1];
    }
    case 'reject':
      return isNoticeStep(step) ? null : 'refused';
    case 'send_back':
      return isNoticeStep(step) ? null : (SEND_BACK_TARGETS[step] ?? null);
    default:
      return null;
  }
}

/**
 * Where an objection (异议) filed during `step` sends the household: a village or township notice → township
 * re-examination; the county announcement → county re-examination; any other step → null (no notice is open).
 */
export function objectionRoute(step: ProcedureStep): ReexaminationStep | null {
  if (step === 'village_notice' || step === 'township_notice') return 'township_reexamination';
  if (step === 'county_announcement') return 'county_reexamination';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Escalation

export interface Escalation {
  /** The level alerted and asked to intervene (督办). */
  level: 'township' | 'county';
  role: 'township_reviewer' | 'county_approver';
  /** Also alert the workflow operator (流程运维): when the county itself is late, nobody above it is in the platform. */
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

const ESCALATION_LADDER: Readonly<Record<ActorLevel, readonly Escalation[]>> = {
  village: [TO_TOWNSHIP, TO_COUNTY, TO_COUNTY_AND_OPERATOR],
  township: [TO_COUNTY, TO_COUNTY_AND_OPERATOR],
  county: [TO_COUNTY_AND_OPERATOR],
};

/**
 * Who is alerted when `step`'s deadline passes for the `times`-th time (default the first): one level up from the
 * step's actor — village steps → township, township steps (review, re-examination) → county, county steps →
 * county with a workflow-operator alert. Each further miss climbs one more level, ending at county + operator.
 * Escalation alerts and records; it does not move the case or give the higher level the lower level's signature.
 * Notices have no deadline to miss (they close on their own) and terminal steps none at all: null.
 */
export function escalationFor(step: ProcedureStep, times = 1): Escalation | null {
  if (!isHumanStep(step)) return null;
  return escalationAt(STEP_ACTORS[step].level, times);
}

/**
 * The same ladder for a step signed at `level` (the `times`-th miss): shared by the exit procedures (household exit,
 * village exit, risk clearing), whose steps are not identification's.
 */
export function escalationAt(level: ActorLevel, times = 1): Escalation {
  if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a whole number ≥ 1, got ${times}`);
  const ladder = ESCALATION_LADDER[level];
  return ladder[Math.min(times, ladder.length) - 1];
}

// ---------------------------------------------------------------------------------------------------------------
// Timing configuration

export const SECONDS_PER_DAY = 86_400;
/** Default length of each notice (公示期): 7 days (SPEC §3.2). */
export const DEFAULT_NOTICE_DAYS = 7;
/**
 * The shortest notice accepted outside test mode: 5 days, the shortest period SPEC §3.2 names ("some counties use
 * 5 days"). A province may raise it through `minimumNoticeSeconds`, never lower it.
 */
export const LEGAL_MINIMUM_NOTICE_DAYS = 5;

export const DEFAULT_NOTICE_SECONDS: Readonly<Record<NoticeStep, number>> = Object.freeze({
  village_notice: DEFAULT_NOTICE_DAYS * SECONDS_PER_DAY,
  township_notice: DEFAULT_NOTICE_DAYS * SECONDS_PER_DAY,
  county_announcement: DEFAULT_NOTICE_DAYS * SECONDS_PER_DAY,
});

/** Default time allowed for each human step before it escalates, in seconds. */
export const DEFAULT_STEP_DEADLINES: Readonly<Record<HumanStep, number>> = Object.freeze({
  application: 7 * SECONDS_PER_DAY,
  household_survey: 15 * SECONDS_PER_DAY,
  village_group_assessment: 15 * SECONDS_PER_DAY,
  village_committee_assessment: 10 * SECONDS_PER_DAY,
  township_review: 10 * SECONDS_PER_DAY,
  county_cross_check: 15 * SECONDS_PER_DAY,
  county_approval: 10 * SECONDS_PER_DAY,
  township_reexamination: 10 * SECONDS_PER_DAY,
  county_reexamination: 15 * SECONDS_PER_DAY,
});

export interface ProcedureConfig {
  stepDeadlineSeconds: Readonly<Record<HumanStep, number>>;
  noticeSeconds: Readonly<Record<NoticeStep, number>>;
  /** Shortest notice accepted when not in test mode. */
  minimumNoticeSeconds: number;
  /**
   * Test mode: notices and deadlines of any positive length (tests and benchmarks run the procedure in seconds).
   * Never set in production; the service decides whether its environment may enable it.
   */
  testMode: boolean;
}

export interface ProcedureConfigInput {
  stepDeadlineSeconds?: Partial<Record<HumanStep, number>>;
  noticeSeconds?: Partial<Record<NoticeStep, number>>;
  minimumNoticeSeconds?: number;
  testMode?: boolean;
}

export type ProcedureConfigResult = { ok: true; value: ProcedureConfig } | { ok: false; violations: RuleViolation[] };

function positiveSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/**
 * Defaults + configuration → the procedure's timing, or every violation: unknown step names, durations that are
 * not whole seconds ≥ 1, a minimum below `LEGAL_MINIMUM_NOTICE_DAYS`, a notice shorter than the minimum. With
 * `testMode: true` the two minimum rules are lifted, so a test can run a 2-second notice; nothing else is.
 */
export function resolveProcedureConfig(input: ProcedureConfigInput = {}): ProcedureConfigResult {
  const violations: RuleViolation[] = [];
  const v = (field: string, rule: string, zh: string, en: string) =>
    violations.push({ field, rule, message: { 'zh-CN': zh, en } });
  const testMode = input.testMode ?? false;
  if (typeof testMode !== 'boolean')
    v('testMode', 'boolean', 'testMode须为true或false', 'testMode must be true or false');

  const deadlines: Record<HumanStep, number> = { ...DEFAULT_STEP_DEADLINES };
  for (const [step, seconds] of Object.entries(input.stepDeadlineSeconds ?? {})) {
    const field = `stepDeadlineSeconds.${step}`;
    if (!isHumanStep(step)) v(field, 'unknown_step', `不是需要人工办理的步骤：${step}`, `not a human step: ${step}`);
    else if (!positiveSeconds(seconds))
      v(field, 'positive_seconds', '时限须为不小于1的整数秒', 'deadline must be a whole number of seconds ≥ 1');
    else deadlines[step] = seconds;
  }

  const minimumFloor = LEGAL_MINIMUM_NOTICE_DAYS * SECONDS_PER_DAY;
  const minimum = input.minimumNoticeSeconds ?? minimumFloor;
  if (!positiveSeconds(minimum)) {
    v(
      'minimumNoticeSeconds',
      'positive_seconds',
      '最短公示期须为不小于1的整数秒',
      'minimum notice must be a whole number of seconds ≥ 1',
    );
  } else if (testMode !== true && minimum < minimumFloor) {
    v(
      'minimumNoticeSeconds',
      'below_legal_minimum',
      `最短公示期不能少于${LEGAL_MINIMUM_NOTICE_DAYS}天`,
      `minimum notice must be at least ${LEGAL_MINIMUM_NOTICE_DAYS} days`,
    );
  }

  const notices: Record<NoticeStep, number> = { ...DEFAULT_NOTICE_SECONDS };
  for (const [step, seconds] of Object.entries(input.noticeSeconds ?? {})) {
    const field = `noticeSeconds.${step}`;
    if (!isNoticeStep(step)) v(field, 'unknown_step', `不是公示步骤：${step}`, `not a notice step: ${step}`);
    else if (!positiveSeconds(seconds))
      v(field, 'positive_seconds', '公示期须为不小于1的整数秒', 'notice period must be a whole number of seconds ≥ 1');
    else notices[step] = seconds;
  }
  if (testMode !== true && positiveSeconds(minimum)) {
    for (const step of NOTICE_STEPS) {
      if (positiveSeconds(notices[step]) && notices[step] < minimum) {
        v(
          `noticeSeconds.${step}`,
          'notice_too_short',
          `${STEP_LABELS[step]['zh-CN']}期${notices[step]}秒短于最短公示期${minimum}秒（仅测试模式允许）`,
          `${STEP_LABELS[step].en} of ${notices[step]} s is shorter than the minimum ${minimum} s (allowed only in test mode)`,
        );
      }
    }
  }
  if (violations.length > 0) return { ok: false, violations };
  return {
    ok: true,
    value: Object.freeze({
      stepDeadlineSeconds: Object.freeze(deadlines),
      noticeSeconds: Object.freeze(notices),
      minimumNoticeSeconds: minimum,
      testMode,
    }),
  };
}

/** The time allowed at `step`: the notice period for a notice, the deadline for a human step, null for a terminal step. */
export function stepDurationSeconds(step: ProcedureStep, config: ProcedureConfig): number | null {
  if (isNoticeStep(step)) return config.noticeSeconds[step];
  if (isHumanStep(step)) return config.stepDeadlineSeconds[step];
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// State and events

/** The signer as recorded in the history: who, in which role, for which jurisdiction. */
export interface SignerRecord {
  subject: string;
  name?: string;
  role: string;
  jurisdiction: string;
}

export type HistoryAction =
  'approve' | 'notice_closed' | 'reject' | 'send_back' | 'objection' | 'reexamination' | 'deadline_missed' | 'withdraw';

export interface HistoryEntry {
  /** The step the entry is about (the step the case was at). */
  readonly step: ProcedureStep;
  readonly action: HistoryAction;
  /** The step the case is at after the entry. */
  readonly to: ProcedureStep;
  readonly by: Readonly<SignerRecord> | 'system';
  /** ISO 8601 instant, passed in by the caller (the workflow's deterministic clock). */
  readonly at: string;
  readonly reason: string | null;
  readonly objectionId?: string;
  readonly outcome?: 'upheld' | 'dismissed';
  readonly escalation?: Readonly<Escalation & { times: number }>;
}

export interface ProcedureState {
  readonly villageCode: string;
  readonly step: ProcedureStep;
  readonly startedAt: string;
  /** When the current step was entered. */
  readonly stepSince: string;
  /**
   * When the current notice opened. Kept while the household is in a re-examination that came from the notice, so
   * a dismissed objection resumes the same notice until its original closing time (or closes it at once if that
   * has passed): the notice stays published for the whole batch and nobody gets a second full period.
   */
  readonly noticeOpenedAt: string | null;
  /** The open re-examination: which notice it suspended and the objections it answers. */
  readonly reexamination: { readonly fromNotice: NoticeStep; readonly objectionIds: readonly string[] } | null;
  /** Deadline misses at the current step; reset when the step changes. */
  readonly escalation: { readonly times: number; readonly at: string; readonly to: Escalation } | null;
  readonly outcome: { readonly result: TerminalStep; readonly reason: string | null; readonly at: string } | null;
  readonly history: readonly HistoryEntry[];
}

interface EventBase {
  /** The step the sender believes the case is at; an event for another step is refused as stale. */
  step: ProcedureStep;
  /** ISO 8601 instant with a zone, never earlier than the last history entry. */
  at: string;
}

export type ProcedureEvent =
  | (EventBase & { type: 'stepCompleted'; by: ProcedurePrincipal | 'system'; reason?: string })
  | (EventBase & { type: 'rejected'; by: ProcedurePrincipal; reason: string })
  | (EventBase & { type: 'sentBack'; by: ProcedurePrincipal; reason: string })
  | (EventBase & { type: 'objectionFiled'; objectionId: string; reason?: string })
  | (EventBase & { type: 'reexamined'; outcome: 'upheld' | 'dismissed'; by: ProcedurePrincipal; reason: string })
  | (EventBase & { type: 'deadlineMissed' })
  | (EventBase & { type: 'withdrawn'; by: ProcedurePrincipal; reason: string });

export type ProcedureResult = { ok: true; state: ProcedureState } | ({ ok: false } & ProcedureRefusal);

export const MAX_REASON_LENGTH = 2000;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function instantMs(value: unknown): number {
  return typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The state of a new case at `application`. Throws RangeError for a malformed village code or time (programmer error). */
export function startProcedure(input: { villageCode: string; at: string }): ProcedureState {
  if (divisionLevel(input.villageCode) !== 'village')
    throw new RangeError(`villageCode must be a 12-digit village code, got "${input.villageCode}"`);
  if (Number.isNaN(instantMs(input.at)))
    throw new RangeError(`at must be an ISO 8601 date-time with a zone, got "${input.at}"`);
  return deepFreeze({
    villageCode: input.villageCode,
    step: 'application',
    startedAt: input.at,
    stepSince: input.at,
    noticeOpenedAt: null,
    reexamination: null,
    escalation: null,
    outcome: null,
    history: [],
  });
}

function signer(p: ProcedurePrincipal): SignerRecord {
  const j = p.jurisdiction;
  const jurisdiction =
    jurisdictionCode(j) ?? (typeof j === 'object' && j !== null && j.kind === 'department' ? 'department' : 'unknown');
  return { subject: p.subject, ...(p.name !== undefined ? { name: p.name } : {}), role: p.role, jurisdiction };
}

function checkReason(reason: unknown, required: boolean): ProcedureRefusal | string | null {
  if (reason === undefined || reason === null || (typeof reason === 'string' && reason.trim() === '')) {
    return required ? refusal('reason_required', '必须填写理由', 'a reason is required') : null;
  }
  if (typeof reason !== 'string') return refusal('reason_required', '理由须为文字', 'the reason must be text');
  const trimmed = reason.trim();
  if (trimmed.length > MAX_REASON_LENGTH)
    return refusal(
      'reason_too_long',
      `理由不能超过${MAX_REASON_LENGTH}个字符`,
      `the reason must not exceed ${MAX_REASON_LENGTH} characters`,
    );
  return trimmed;
}

const fail = (r: ProcedureRefusal): ProcedureResult => ({ ok: false, ...r });

/** Move to `entry.to`, appending `entry`; resets per-step data and sets the notice clock and outcome as needed. */
function move(state: ProcedureState, entry: HistoryEntry, patch: Partial<ProcedureState> = {}): ProcedureResult {
  const to = entry.to;
  const changed = to !== state.step;
  const next: ProcedureState = {
    ...state,
    step: to,
    stepSince: changed ? entry.at : state.stepSince,
    // A notice entered from the main line opens now; one resumed from its re-examination keeps its opening time.
    noticeOpenedAt: isNoticeStep(to)
      ? changed && !isReexaminationStep(state.step)
        ? entry.at
        : state.noticeOpenedAt
      : isReexaminationStep(to)
        ? state.noticeOpenedAt
        : null,
    reexamination: isReexaminationStep(to) ? state.reexamination : null,
    escalation: changed ? null : state.escalation,
    outcome: isTerminalStep(to) ? { result: to, reason: entry.reason, at: entry.at } : null,
    history: [...state.history, entry],
    ...patch,
  };
  return { ok: true, state: deepFreeze(next) };
}

/**
 * Apply one event to the state (reducer). Returns a new frozen state, or a refusal naming the rule; the input state
 * is never changed. Checks, in order: the event type, the time (`at` a zoned ISO instant, not before the last
 * entry), a terminal case, a stale step, then the event's own rules:
 *
 * - `stepCompleted`: a human step needs a principal allowed by `mayAct` (reason optional) and moves to
 *   `nextStep(step, 'approve')`; a notice is closed only by `'system'` when its period ends.
 * - `rejected`: human main-line step, allowed signer, reason required → `refused`.
 * - `sentBack`: allowed signer, reason required → `SEND_BACK_TARGETS[step]`.
 * - `objectionFiled` (relayed by the system from the notice service, `objectionId` required and unique): during a
 *   notice → `objectionRoute(step)`; during an open re-examination the objection joins it; elsewhere `no_open_notice`.
 * - `reexamined`: the re-examination's signer, reason required; `upheld` → `refused`, `dismissed` → back to the
 *   suspended notice (same `noticeOpenedAt`).
 * - `deadlineMissed` (system): a human step only; records `escalationFor(step, times)` and stays at the step.
 * - `withdrawn`: `withdrawalRefusal` signer, reason required, any non-terminal step → `withdrawn`.
 */
export function applyEvent(state: ProcedureState, event: ProcedureEvent): ProcedureResult {
  const known = [
    'stepCompleted',
    'rejected',
    'sentBack',
    'objectionFiled',
    'reexamined',
    'deadlineMissed',
    'withdrawn',
  ];
  if (event === null || typeof event !== 'object' || !known.includes((event as { type?: unknown }).type as string)) {
    return fail(refusal('unknown_event', '未知的事件', 'unknown event'));
  }
  const atMs = instantMs(event.at);
  if (Number.isNaN(atMs))
    return fail(
      refusal('invalid_time', '时间须为带时区的ISO 8601时间', 'at must be an ISO 8601 date-time with a zone'),
    );
  const last = state.history.length > 0 ? state.history[state.history.length - 1].at : state.startedAt;
  if (atMs < instantMs(last))
    return fail(
      refusal(
        'time_before_last',
        `时间${event.at}早于上一条记录${last}`,
        `at ${event.at} is before the last entry ${last}`,
      ),
    );
  if (isTerminalStep(state.step)) {
    return fail(
      refusal(
        'terminal',
        `流程已结束（${STEP_LABELS[state.step]['zh-CN']}）`,
        `the procedure has ended (${STEP_LABELS[state.step].en})`,
      ),
    );
  }
  if (event.step !== state.step) {
    return fail(
      refusal(
        'stale_step',
        `当前步骤为“${STEP_LABELS[state.step]['zh-CN']}”，不是${String(event.step)}`,
        `the case is at ${state.step}, not ${String(event.step)}`,
      ),
    );
  }
  const step = state.step;

  switch (event.type) {
    case 'stepCompleted': {
      if (isNoticeStep(step)) {
        if (event.by !== 'system')
          return fail(
            refusal(
              'system_only',
              '公示期满由系统关闭，不由个人签批',
              'a notice is closed by the system when its period ends, not by a person',
            ),
          );
        const reason = checkReason(event.reason, false);
        if (typeof reason === 'object' && reason !== null) return fail(reason);
        return move(state, {
          step,
          action: 'notice_closed',
          to: nextStep(step, 'approve')!,
          by: 'system',
          at: event.at,
          reason,
        });
      }
      if (!has(MAIN_STEPS, step)) {
        return fail(
          refusal(
            'not_allowed',
            '复核须以“复核结论”办结',
            'a re-examination is finished with its outcome (reexamined), not stepCompleted',
          ),
        );
      }
      if (event.by === 'system')
        return fail(
          refusal(
            'signer_required',
            '此步骤须由有权人员签批（谁签字谁负责）',
            'this step must be signed by an authorised person',
          ),
        );
      const who = actorRefusal(step, event.by, state.villageCode);
      if (who) return fail(who);
      const reason = checkReason(event.reason, false);
      if (typeof reason === 'object' && reason !== null) return fail(reason);
      return move(state, {
        step,
        action: 'approve',
        to: nextStep(step, 'approve')!,
        by: signer(event.by),
        at: event.at,
        reason,
      });
    }

    case 'rejected':
    case 'sentBack': {
      const action: ProcedureAction = event.type === 'rejected' ? 'reject' : 'send_back';
      const to = nextStep(step, action);
      if (to === null) {
        return fail(
          refusal(
            'not_allowed',
            `“${STEP_LABELS[step]['zh-CN']}”不能${action === 'reject' ? '否决' : '退回'}`,
            `${STEP_LABELS[step].en} cannot be ${action === 'reject' ? 'rejected' : 'sent back'}`,
          ),
        );
      }
      if ((event.by as unknown) === 'system')
        return fail(
          refusal(
            'signer_required',
            '此操作须由有权人员签批（谁签字谁负责）',
            'this action must be signed by an authorised person',
          ),
        );
      const who = actorRefusal(step, event.by, state.villageCode);
      if (who) return fail(who);
      const reason = checkReason(event.reason, true);
      if (typeof reason !== 'string')
        return fail(reason ?? refusal('reason_required', '必须填写理由', 'a reason is required'));
      return move(state, { step, action, to, by: signer(event.by), at: event.at, reason });
    }

    case 'objectionFiled': {
      const id = typeof event.objectionId === 'string' ? event.objectionId.trim() : '';
      if (id === '') return fail(refusal('objection_id_required', '异议须有编号', 'an objection needs its id'));
      if (state.history.some((e) => e.objectionId === id))
        return fail(refusal('duplicate_objection', `异议${id}已登记`, `objection ${id} is already recorded`));
      const reason = checkReason(event.reason, false);
      if (typeof reason === 'object' && reason !== null) return fail(reason);
      if (isReexaminationStep(step) && state.reexamination) {
        const entry: HistoryEntry = {
          step,
          action: 'objection',
          to: step,
          by: 'system',
          at: event.at,
          reason,
          objectionId: id,
        };
        return move(state, entry, {
          reexamination: { ...state.reexamination, objectionIds: [...state.reexamination.objectionIds, id] },
        });
      }
      const route = objectionRoute(step);
      if (route === null || !isNoticeStep(step)) {
        return fail(
          refusal(
            'no_open_notice',
            `“${STEP_LABELS[step]['zh-CN']}”期间没有公示，不受理异议`,
            `no notice is open during ${STEP_LABELS[step].en}`,
          ),
        );
      }
      return move(
        state,
        { step, action: 'objection', to: route, by: 'system', at: event.at, reason, objectionId: id },
        { reexamination: { fromNotice: step, objectionIds: [id] } },
      );
    }

    case 'reexamined': {
      if (!isReexaminationStep(step) || state.reexamination === null)
        return fail(refusal('not_allowed', '当前没有待复核的异议', 'no re-examination is open'));
      if (event.outcome !== 'upheld' && event.outcome !== 'dismissed')
        return fail(
          refusal('invalid_outcome', '复核结论须为“异议成立”或“异议不成立”', 'outcome must be upheld or dismissed'),
        );
      if ((event.by as unknown) === 'system')
        return fail(
          refusal(
            'signer_required',
            '复核结论须由有权人员签批（谁签字谁负责）',
            'a re-examination must be signed by an authorised person',
          ),
        );
      const who = actorRefusal(step, event.by, state.villageCode);
      if (who) return fail(who);
      const reason = checkReason(event.reason, true);
      if (typeof reason !== 'string')
        return fail(reason ?? refusal('reason_required', '必须填写理由', 'a reason is required'));
      const to: ProcedureStep = event.outcome === 'upheld' ? 'refused' : state.reexamination.fromNotice;
      return move(state, {
        step,
        action: 'reexamination',
        to,
        by: signer(event.by),
        at: event.at,
        reason,
        outcome: event.outcome,
      });
    }

    case 'deadlineMissed': {
      const times = (state.escalation?.times ?? 0) + 1;
      const to = escalationFor(step, times);
      if (to === null)
        return fail(
          refusal(
            'no_deadline',
            `“${STEP_LABELS[step]['zh-CN']}”没有办理时限`,
            `${STEP_LABELS[step].en} has no deadline to miss`,
          ),
        );
      const entry: HistoryEntry = {
        step,
        action: 'deadline_missed',
        to: step,
        by: 'system',
        at: event.at,
        reason: null,
        escalation: { ...to, times },
      };
      return move(state, entry, { escalation: { times, at: event.at, to } });
    }

    case 'withdrawn': {
      if ((event.by as unknown) === 'system')
        return fail(
          refusal(
            'signer_required',
            '撤回申请须由有权人员登记',
            'a withdrawal must be recorded by an authorised person',
          ),
        );
      const who = withdrawalRefusal(event.by, state.villageCode);
      if (who) return fail(who);
      const reason = checkReason(event.reason, true);
      if (typeof reason !== 'string')
        return fail(reason ?? refusal('reason_required', '必须填写理由', 'a reason is required'));
      return move(state, { step, action: 'withdraw', to: 'withdrawn', by: signer(event.by), at: event.at, reason });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

export interface PendingAction {
  step: ProcedureStep;
  kind: 'human' | 'notice' | 'terminal';
  /** Who must act now, with the division code they must hold; null for notices and terminal steps. */
  actor: (StepActor & { divisionCode: string }) | null;
  /**
   * Human step: when the deadline falls (counted from the step's start, or from the last escalation). Notice: when it
   * closes (from `noticeOpenedAt`; may be in the past after a dismissed objection, meaning close now). Terminal: null.
   */
  dueAt: string | null;
  /** The last escalation at this step, with the division alerted. */
  escalatedTo: (Escalation & { times: number; divisionCode: string }) | null;
}

/** What the case waits for: who must act, until when, and whom it was escalated to (for the workflow's query). */
export function pendingAction(state: ProcedureState, config: ProcedureConfig): PendingAction {
  const step = state.step;
  const plus = (from: string, seconds: number) => new Date(instantMs(from) + seconds * 1000).toISOString();
  if (isNoticeStep(step)) {
    return {
      step,
      kind: 'notice',
      actor: null,
      dueAt: plus(state.noticeOpenedAt ?? state.stepSince, config.noticeSeconds[step]),
      escalatedTo: null,
    };
  }
  if (isHumanStep(step)) {
    const actor = STEP_ACTORS[step];
    const e = state.escalation;
    return {
      step,
      kind: 'human',
      actor: { ...actor, divisionCode: divisionAt(actor.level, state.villageCode) },
      dueAt: plus(e?.at ?? state.stepSince, config.stepDeadlineSeconds[step]),
      escalatedTo: e ? { ...e.to, times: e.times, divisionCode: divisionAt(e.to.level, state.villageCode) } : null,
    };
  }
  return { step, kind: 'terminal', actor: null, dueAt: null, escalatedTo: null };
}
