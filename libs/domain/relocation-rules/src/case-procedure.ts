/**
 * The relocation case (易地扶贫搬迁, SPEC §3.3), `relocation-case:<householdId>`, as a pure state machine.
 *
 *   consented ─plan─▶ township_review ─▶ county_approval ─▶ construction (foundation → roof → acceptance: each
 *   milestone recorded with evidence, its tranche approved by the county, then paid once) ─▶ home_accepted
 *   ─moved in─▶ reclamation 拆旧复垦 ─▶ follow_up 后续扶持 ─▶ completed (relocated 销号标识, land-use rights kept)
 *
 * Dilapidated-house renovation (危房改造, kind `renovation`) runs the same machine from the household's signed
 * application with its planned year and grade: township_review ─▶ county_approval ─▶ construction (the same
 * milestones and tranches; the acceptance inspection grades the house anew, A or B) ─▶ completed (renovated).
 * It has no site, no move-in, no reclamation and no follow-up; a send-back is refused (a new application is made).
 *
 * Monetary resettlement (货币化安置) has no construction: county_approval ─▶ lump_sum (one tranche, approved, paid)
 * ─▶ home_accepted. Steps are where the case rests, named by what it waits for; `consented` waits for the plan
 * (the plan's submission is the `plan_submitted` history action, which moves the case to township review), and
 * `home_accepted` waits for the move-in.
 *
 * Decisions (documented in the README):
 * - The county relocation office (department_officer of dept:relocation, county jurisdiction) approves plans and
 *   tranches (issue 13: "approves plans and tranche payments"); the county leading group (county_approver) is where
 *   deadlines escalate. The construction supervisor is a county department officer of relocation or housing (住建);
 *   the officer who recorded a milestone may not approve its tranche (four eyes).
 * - A rejection at township review or county approval ends the case `refused` with the reason; `sentBack` returns
 *   it to `consented` for a new plan (the consent stands).
 * - Withdrawal (household's, recorded by the village cadre) is possible at any step before the move-in; it cancels
 *   every unpaid tranche and releases the home at the site. After the move-in it is refused.
 * - Deadlines run on the pending action (plan, review, approval, each milestone, each tranche approval, move-in,
 *   reclamation — from the move-in date —, follow-up); `deadlineMissed` at or after the due time records the next
 *   rung of the ladder and never moves the case. One sent early is refused (`not_yet_due`), so a retried timer
 *   records its rung once.
 * - A follow-up measure arriving before the reclamation (e.g. an employment event) is kept; the case then completes
 *   when the reclamation is recorded.
 * Deterministic: every time is passed in; failures are values.
 */

import type { LocalizedMessage } from '@fupin/localized';
import {
  type ActorLevel,
  type Refusal,
  type RelocationActor,
  type RelocationPrincipal,
  type SignerRecord,
  type StepEscalation,
  type Escalation,
  actorRefusal,
  days,
  deadlineDueAt,
  divisionAt,
  escalationReason,
  nextEscalation,
  refusal,
  signerRecord,
  SECONDS_PER_DAY,
} from './actors-and-deadlines';
import { DEFAULT_PER_PERSON_LIMIT_M2, checkHousingArea } from './housing-area';
import {
  DEFAULT_TRANCHE_PLAN,
  TRANCHE_MILESTONE_LABELS,
  checkTranchePlan,
  isFen,
  type Fen,
  type TrancheMilestone,
  type TranchePlan,
} from './policy';
import {
  PLACEMENTS,
  RELOCATION_MODES,
  type Placement,
  type RelocationMode,
  isPlacement,
  isRelocationMode,
} from './sites';
import { householdTranches } from './subsidy';
import type { HouseGrade } from './renovation';

// ---------------------------------------------------------------------------------------------------------------
// Steps, actions, labels, actors

export const RELOCATION_OPEN_STEPS = [
  'consented',
  'township_review',
  'county_approval',
  'construction',
  'lump_sum',
  'home_accepted',
  'reclamation',
  'follow_up',
] as const;
export const RELOCATION_TERMINAL_STEPS = ['completed', 'withdrawn', 'refused'] as const;
export type RelocationOpenStep = (typeof RELOCATION_OPEN_STEPS)[number];
export type RelocationTerminalStep = (typeof RELOCATION_TERMINAL_STEPS)[number];
export type RelocationStep = RelocationOpenStep | RelocationTerminalStep;
export const RELOCATION_STEPS: readonly RelocationStep[] = [...RELOCATION_OPEN_STEPS, ...RELOCATION_TERMINAL_STEPS];
/** Steps from which the household may still withdraw (搬迁入住前可退出). */
export const RELOCATION_WITHDRAWABLE_STEPS: readonly RelocationOpenStep[] = [
  'consented',
  'township_review',
  'county_approval',
  'construction',
  'lump_sum',
  'home_accepted',
];

export const RELOCATION_STEP_LABELS: Readonly<Record<RelocationStep, LocalizedMessage>> = {
  consented: { 'zh-CN': '已签订搬迁意愿书，待报搬迁方案', en: 'consent signed; plan awaited' },
  township_review: { 'zh-CN': '乡镇审核搬迁方案', en: 'township review of the plan' },
  county_approval: { 'zh-CN': '县搬迁办审批', en: 'county relocation office approval' },
  construction: { 'zh-CN': '安置房建设', en: 'construction of the home' },
  lump_sum: { 'zh-CN': '货币化安置补助发放', en: 'monetary resettlement payment' },
  home_accepted: { 'zh-CN': '已验收待入住', en: 'home accepted; move-in awaited' },
  reclamation: { 'zh-CN': '拆旧复垦', en: 'demolition of the old house and land reclamation' },
  follow_up: { 'zh-CN': '后续扶持措施落实', en: 'follow-up support measure' },
  completed: { 'zh-CN': '搬迁完成（已销号标识）', en: 'relocation completed (marked relocated)' },
  withdrawn: { 'zh-CN': '农户已退出搬迁', en: 'withdrawn by the household' },
  refused: { 'zh-CN': '搬迁方案未获批准', en: 'plan refused' },
};

/** The things someone must do on a case; each human one has a deadline (办理时限) and escalates when missed. */
export const RELOCATION_ACTIONS = [
  'plan',
  'township_review',
  'county_approval',
  'milestone',
  'tranche_approval',
  'move_in',
  'reclamation',
  'follow_up',
] as const;
export type RelocationAction = (typeof RELOCATION_ACTIONS)[number];

export const RELOCATION_ACTION_LABELS: Readonly<Record<RelocationAction | 'consent' | 'withdrawal', LocalizedMessage>> =
  {
    consent: { 'zh-CN': '记录农户搬迁意愿签字', en: "recording the household's signed consent" },
    plan: { 'zh-CN': '报送搬迁方案', en: 'submitting the relocation plan' },
    township_review: { 'zh-CN': '乡镇审核搬迁方案', en: 'township review of the plan' },
    county_approval: { 'zh-CN': '县搬迁办审批方案', en: 'county approval of the plan' },
    milestone: { 'zh-CN': '记录建设节点', en: 'recording a construction milestone' },
    tranche_approval: { 'zh-CN': '审批分期拨付', en: 'approving a tranche payment' },
    move_in: { 'zh-CN': '记录搬迁入住', en: 'recording the move-in' },
    reclamation: { 'zh-CN': '拆旧复垦', en: 'demolition and land reclamation' },
    follow_up: { 'zh-CN': '落实后续扶持措施', en: 'recording a follow-up support measure' },
    withdrawal: { 'zh-CN': '记录农户退出搬迁', en: "recording the household's withdrawal" },
  };

const VILLAGE: RelocationActor = Object.freeze({ role: 'village_cadre', level: 'village' });
const TOWNSHIP: RelocationActor = Object.freeze({ role: 'township_reviewer', level: 'township' });
/** 县易地扶贫搬迁办 (dept:relocation@<county>). */
const RELOCATION_OFFICE: RelocationActor = Object.freeze({
  role: 'department_officer',
  level: 'county',
  departments: Object.freeze(['relocation']),
});
/** 施工监理: a county officer of the relocation office or of housing (住建). */
const SUPERVISOR: RelocationActor = Object.freeze({
  role: 'department_officer',
  level: 'county',
  departments: Object.freeze(['relocation', 'housing']),
});

/** Who may do each thing on a case (谁签字谁负责). The household's signatures are recorded by the village cadre. */
export const RELOCATION_STEP_ACTORS: Readonly<
  Record<RelocationAction | 'consent' | 'withdrawal', readonly RelocationActor[]>
> = Object.freeze({
  consent: [VILLAGE],
  plan: [VILLAGE],
  township_review: [TOWNSHIP],
  county_approval: [RELOCATION_OFFICE],
  milestone: [SUPERVISOR],
  tranche_approval: [RELOCATION_OFFICE],
  move_in: [VILLAGE],
  reclamation: [VILLAGE],
  follow_up: [VILLAGE, RELOCATION_OFFICE],
  withdrawal: [VILLAGE],
});

/** The level whose lateness a missed action escalates from (its first actor's). */
const ACTION_LEVEL: Readonly<Record<RelocationAction, ActorLevel>> = {
  plan: 'village',
  township_review: 'township',
  county_approval: 'county',
  milestone: 'county',
  tranche_approval: 'county',
  move_in: 'village',
  reclamation: 'village',
  follow_up: 'village',
};

// ---------------------------------------------------------------------------------------------------------------
// Configuration

/** Days to move in before the reclamation is overdue (拆旧复垦期限): one year. */
export const RELOCATION_RECLAMATION_DAYS = 365;
/** Days to record a follow-up measure (后续扶持): `RELOCATION_FOLLOWUP_DAYS`, default 90. */
export const RELOCATION_FOLLOWUP_DAYS = 90;

/** Default time for each action before it escalates, in days. */
export const DEFAULT_RELOCATION_DEADLINE_DAYS: Readonly<Record<RelocationAction, number>> = Object.freeze({
  plan: 30,
  township_review: 10,
  county_approval: 15,
  milestone: 180,
  tranche_approval: 10,
  move_in: 60,
  reclamation: RELOCATION_RECLAMATION_DAYS,
  follow_up: RELOCATION_FOLLOWUP_DAYS,
});

export interface RelocationConfig {
  /** Seconds for each action before it escalates. */
  deadlineSeconds: Readonly<Record<RelocationAction, number>>;
}

export const DEFAULT_RELOCATION_CONFIG: RelocationConfig = Object.freeze({
  deadlineSeconds: Object.freeze(
    Object.fromEntries(RELOCATION_ACTIONS.map((a) => [a, days(DEFAULT_RELOCATION_DEADLINE_DAYS[a])])) as Record<
      RelocationAction,
      number
    >,
  ),
});

/**
 * The config with `overrideSeconds` over the defaults. Unknown actions are refused; each deadline is whole seconds
 * ≥ 1, at least one day unless `testMode` (tests run deadlines in seconds).
 */
export function resolveRelocationConfig(
  overrideSeconds: Readonly<Partial<Record<string, number>>>,
  testMode = false,
): { ok: true; config: RelocationConfig } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const value = { ...DEFAULT_RELOCATION_CONFIG.deadlineSeconds };
  for (const [action, seconds] of Object.entries(overrideSeconds)) {
    if (seconds === undefined) continue;
    if (!(RELOCATION_ACTIONS as readonly string[]).includes(action))
      problems.push(`${action}: not a relocation action (${RELOCATION_ACTIONS.join(', ')})`);
    else if (!Number.isSafeInteger(seconds) || seconds < 1)
      problems.push(`${action}: whole seconds ≥ 1, got ${seconds}`);
    else if (!testMode && seconds < SECONDS_PER_DAY)
      problems.push(`${action}: at least one day (${SECONDS_PER_DAY} s) unless in test mode, got ${seconds}`);
    else value[action as RelocationAction] = seconds;
  }
  return problems.length ? { ok: false, problems } : { ok: true, config: { deadlineSeconds: Object.freeze(value) } };
}

// ---------------------------------------------------------------------------------------------------------------
// State

/** The household head's signed consent (自愿搬迁意愿书). */
export interface RelocationConsent {
  signedBy: string;
  /** YYYY-MM-DD. */
  signedOn: string;
  /** Reference of the signed paper (扫描件编号). */
  documentRef: string;
}

export interface RelocationPlan {
  mode: RelocationMode;
  /** Null for monetary resettlement. */
  siteCode: string | null;
  placement: Placement | null;
  /** Home area in m²; null for monetary resettlement. */
  areaM2: number | null;
  persons: number;
  /** The red line per person that applies to the household (policy of its province and year). */
  maxM2PerPerson: number;
  /** Total subsidy (fen), computed by the caller from the policy (`householdSubsidyFen`). */
  subsidyFen: Fen;
  /** Shares of the tranches; ignored for monetary resettlement (one lump sum). */
  tranchePlan?: TranchePlan;
}

export interface TrancheState {
  readonly milestone: TrancheMilestone;
  readonly amountFen: Fen;
  /** The milestone as the supervisor recorded it (lump sum: recorded at approval). */
  readonly recorded: { readonly by: SignerRecord; readonly at: string; readonly evidenceRef: string } | null;
  readonly approved: { readonly by: SignerRecord; readonly at: string } | null;
  readonly payment: { readonly paymentRef: string; readonly paidAt: string; readonly amountFen: Fen } | null;
  /** Cancelled by a withdrawal before it was paid. */
  readonly cancelled: boolean;
}

/** A follow-up support measure (后续扶持): employment or industry, where it came from, its reference. */
export interface FollowUpMeasure {
  kind: 'employment' | 'industry';
  /** e.g. 'industry-service' (an employment or support event), or 'manual'. */
  source: string;
  ref: string;
}

export type RelocationHistoryAction =
  | 'consented'
  | 'plan_submitted'
  | 'approve'
  | 'reject'
  | 'send_back'
  | 'milestone_recorded'
  | 'tranche_approved'
  | 'tranche_paid'
  | 'home_accepted'
  | 'moved_in'
  | 'reclamation_recorded'
  | 'follow_up_recorded'
  | 'completed'
  | 'withdrawn'
  | 'deadline_missed';

export interface RelocationHistoryEntry {
  readonly step: RelocationStep;
  readonly action: RelocationHistoryAction;
  readonly to: RelocationStep;
  /** Who signed, with role and jurisdiction; 'system' for payments, timers and events from other services. */
  readonly by: Readonly<SignerRecord> | 'system';
  readonly at: string;
  readonly reason: string | null;
  readonly milestone?: TrancheMilestone;
  readonly evidenceRef?: string;
  readonly paymentRef?: string;
  readonly amountFen?: Fen;
  readonly escalation?: Readonly<Escalation & { times: number; action: RelocationAction }>;
}

/** 易地扶贫搬迁 (relocation) or 危房改造 (renovation of a C/D house where the household lives). */
export type CaseKind = 'relocation' | 'renovation';

/** A renovation's plan: the year it is planned into, the grade it starts from, its subsidy (by grade). */
export interface RenovationPlan {
  plannedYear: number;
  grade: 'C' | 'D';
  subsidyFen: Fen;
  tranchePlan?: TranchePlan;
}

export interface RelocationCaseState {
  readonly caseId: string;
  readonly kind: CaseKind;
  /** Renovation cases: the plan, and the grade given at the acceptance inspection (null before it). */
  readonly renovation: (Readonly<RenovationPlan> & { readonly newGrade: HouseGrade | null }) | null;
  readonly householdId: string;
  readonly villageCode: string;
  readonly step: RelocationStep;
  readonly consent: Readonly<RelocationConsent>;
  readonly plan: Readonly<RelocationPlan> | null;
  readonly tranches: readonly TrancheState[];
  readonly movedInOn: string | null;
  readonly reclamation: { readonly evidenceRef: string; readonly at: string; readonly by: SignerRecord } | null;
  readonly followUp: (FollowUpMeasure & { readonly at: string; readonly by: SignerRecord | 'system' }) | null;
  /** 销号标识: set when the case completes. */
  readonly relocated: boolean;
  /** Land-use rights at the old home (原宅基地/承包地使用权) are kept: recorded with the reclamation. */
  readonly landUseRightsKept: boolean | null;
  /** When the pending action began (its deadline clock). */
  readonly since: string;
  /** Misses of the pending action's deadline; reset when the action changes. */
  readonly escalation: StepEscalation | null;
  readonly outcome: {
    readonly result: RelocationTerminalStep;
    readonly step: RelocationStep;
    readonly reason: string | null;
    readonly at: string;
    /** Withdrawal: the site whose home is released, and the tranches cancelled. */
    readonly releasedSiteCode?: string | null;
    readonly cancelledFen?: Fen;
  } | null;
  readonly history: readonly RelocationHistoryEntry[];
}

export type RelocationResult = { ok: true; state: RelocationCaseState } | { ok: false; refusal: RelocationRefusal };

/** A refusal names the rule (and the field when one is at fault); `payment` on `already_paid` is the first payment. */
export interface RelocationRefusal extends Refusal {
  payment?: TrancheState['payment'];
  areaM2?: number;
  maxAreaM2?: number | null;
}

const fail = (rule: string, zh: string, en: string, field?: string): RelocationResult => ({
  ok: false,
  refusal: refusal(rule, zh, en, field),
});

export const relocationCaseId = (householdId: string): string => `relocation-case:${householdId}`;

// ---------------------------------------------------------------------------------------------------------------
// Start

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: unknown): s is string =>
  typeof s === 'string' && DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const isTime = (s: unknown): s is string => typeof s === 'string' && !Number.isNaN(Date.parse(s)) && /^\d{4}-/.test(s);
const text = (s: unknown): string => (typeof s === 'string' ? s.trim() : '');
const MAX_TEXT = 2000;

function consentProblem(c: Partial<RelocationConsent> | undefined, at: string): RelocationResult | null {
  if (!c || !text(c.signedBy))
    return fail(
      'consent_required',
      '须记录户主签字的搬迁意愿书（签字人）',
      "the head's signed consent (who signed) is required",
      'consent.signedBy',
    );
  if (!isDate(c.signedOn))
    return fail('consent_date', '签字日期须为 YYYY-MM-DD', 'consent.signedOn must be YYYY-MM-DD', 'consent.signedOn');
  if (c.signedOn > at.slice(0, 10))
    return fail(
      'consent_date',
      '签字日期不能晚于记录日期',
      'the consent cannot be signed after it is recorded',
      'consent.signedOn',
    );
  if (!text(c.documentRef))
    return fail(
      'consent_document',
      '须登记签字文书编号',
      'the signed document reference is required',
      'consent.documentRef',
    );
  return null;
}

export interface StartRelocationCase {
  householdId: string;
  villageCode: string;
  consent: RelocationConsent;
  /** The village cadre who records the household's signature. */
  by: RelocationPrincipal;
  at: string;
}

/** A new case at `consented`: only with the head's signed consent (自愿), recorded by the village's cadre. */
export function startRelocationCase(input: StartRelocationCase): RelocationResult {
  if (!text(input.householdId))
    return fail('household_required', '须指明农户', 'householdId is required', 'householdId');
  if (!/^\d{12}$/.test(input.villageCode))
    return fail(
      'invalid_village',
      `村代码须为12位：${String(input.villageCode)}`,
      `villageCode must be 12 digits`,
      'villageCode',
    );
  if (!isTime(input.at)) return fail('invalid_time', '时间格式无效', 'at must be an ISO time', 'at');
  const who = actorRefusal(
    RELOCATION_STEP_ACTORS.consent,
    RELOCATION_ACTION_LABELS.consent,
    input.by,
    input.villageCode,
  );
  if (who) return { ok: false, refusal: who };
  const problem = consentProblem(input.consent, input.at);
  if (problem) return problem;
  const consent = {
    signedBy: text(input.consent.signedBy),
    signedOn: input.consent.signedOn,
    documentRef: text(input.consent.documentRef),
  };
  const by = signerRecord(input.by);
  return {
    ok: true,
    state: {
      caseId: relocationCaseId(input.householdId),
      kind: 'relocation',
      renovation: null,
      householdId: input.householdId,
      villageCode: input.villageCode,
      step: 'consented',
      consent,
      plan: null,
      tranches: [],
      movedInOn: null,
      reclamation: null,
      followUp: null,
      relocated: false,
      landUseRightsKept: null,
      since: input.at,
      escalation: null,
      outcome: null,
      history: [{ step: 'consented', action: 'consented', to: 'consented', by, at: input.at, reason: null }],
    },
  };
}

export const renovationCaseId = (householdId: string): string => `renovation-case:${householdId}`;

export interface StartRenovationCase {
  householdId: string;
  villageCode: string;
  /** The household head's signed application (申请书): who signed, the day, the document reference. */
  consent: RelocationConsent;
  /** Eligibility (registered, house C or D, no relocation, the year) is checked by the caller (`checkRenovationEligibility`). */
  renovation: RenovationPlan;
  /** The village cadre who records the application and submits it. */
  by: RelocationPrincipal;
  at: string;
}

function renovationProblem(r: RenovationPlan | undefined): RelocationResult | null {
  if (!r || !Number.isSafeInteger(r.plannedYear) || r.plannedYear < 2000 || r.plannedYear > 2100)
    return fail('planned_year', '改造年度须为四位年份', 'plannedYear must be a year', 'plannedYear');
  if (r.grade !== 'C' && r.grade !== 'D')
    return fail('house_not_dangerous', '危房改造须为C级或D级危房', 'the house must be graded C or D', 'houseGrade');
  if (!isFen(r.subsidyFen) || r.subsidyFen < 1)
    return fail('integer_fen', '补助金额须为正整数（分）', 'subsidyFen must be whole fen ≥ 1', 'subsidyFen');
  const shares = checkTranchePlan(r.tranchePlan ?? DEFAULT_TRANCHE_PLAN, 'tranchePlan');
  return shares.length ? { ok: false, refusal: shares[0] } : null;
}

/**
 * A renovation case (危房改造), submitted with the household's signed application: it starts at the township review,
 * its tranches split from the subsidy by grade as a relocation's construction is.
 */
export function startRenovationCase(input: StartRenovationCase): RelocationResult {
  const started = startRelocationCase(input);
  if (!started.ok) return started;
  const problem = renovationProblem(input.renovation);
  if (problem) return problem;
  const { plannedYear, grade, subsidyFen } = input.renovation;
  const tranchePlan = { ...(input.renovation.tranchePlan ?? DEFAULT_TRANCHE_PLAN) };
  const renovation = { plannedYear, grade, subsidyFen, tranchePlan, newGrade: null };
  const tranches = tranchesOf({ subsidyFen, mode: 'nearby', tranchePlan }); // built as a house is, not monetary
  const first = { ...started.state.history[0], to: 'township_review' as const };
  return {
    ok: true,
    state: {
      ...started.state,
      caseId: renovationCaseId(input.householdId),
      kind: 'renovation',
      renovation,
      tranches,
      step: 'township_review',
      history: [first],
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Events

interface Base {
  /** The step the sender sees the case at; another step is refused as stale. */
  step: RelocationStep;
  at: string;
}
export type RelocationEvent =
  | (Base & { type: 'planSubmitted'; by: RelocationPrincipal; plan: RelocationPlan })
  | (Base & { type: 'approved'; by: RelocationPrincipal; reason?: string })
  | (Base & { type: 'rejected'; by: RelocationPrincipal; reason: string })
  | (Base & { type: 'sentBack'; by: RelocationPrincipal; reason: string })
  | (Base & {
      type: 'milestoneRecorded';
      by: RelocationPrincipal;
      milestone: TrancheMilestone;
      evidenceRef: string;
      /** Renovation cases, at the acceptance inspection: the house's new grade (A or B). */
      newGrade?: HouseGrade;
    })
  | (Base & { type: 'trancheApproved'; by: RelocationPrincipal; milestone: TrancheMilestone })
  | (Base & { type: 'tranchePaid'; milestone: TrancheMilestone; paymentRef: string; amountFen: Fen })
  | (Base & { type: 'movedIn'; by: RelocationPrincipal; movedInOn: string })
  | (Base & { type: 'reclamationRecorded'; by: RelocationPrincipal; evidenceRef: string })
  | (Base & { type: 'followUpRecorded'; by?: RelocationPrincipal; measure: FollowUpMeasure })
  | (Base & { type: 'withdrawn'; by: RelocationPrincipal; reason: string })
  | (Base & { type: 'deadlineMissed' });

const isTerminal = (s: RelocationStep): s is RelocationTerminalStep =>
  (RELOCATION_TERMINAL_STEPS as readonly string[]).includes(s);

type Handler<E extends RelocationEvent['type']> = (
  state: RelocationCaseState,
  event: Extract<RelocationEvent, { type: E }>,
  config: RelocationConfig,
) => RelocationResult;

/**
 * Apply one event. Refusals are values naming the rule: terminal, stale step, time before the last entry, who may
 * act, the plan's rules (red line included), milestone order, tranche already paid, withdrawal after move-in, an
 * early deadline miss. When the pending action changes its deadline clock restarts and its escalation clears.
 */
export function applyRelocationEvent(
  state: RelocationCaseState,
  event: RelocationEvent,
  config: RelocationConfig = DEFAULT_RELOCATION_CONFIG,
): RelocationResult {
  const guard = guardEvent(state, event);
  if (guard) return guard;
  const result = reduce(state, event, config);
  if (!result.ok) return result;
  const before = pendingKey(state);
  const after = pendingKey(result.state);
  if (before === after) return result;
  const since =
    result.state.step === 'reclamation' && state.step !== 'reclamation'
      ? `${result.state.movedInOn}T00:00:00.000Z`
      : event.at;
  return { ok: true, state: { ...result.state, since, escalation: null } };
}

/** A payment retried after its tranche was paid gets the first payment back, whatever the case's step now. */
function alreadyPaid(state: RelocationCaseState, event: RelocationEvent): RelocationResult | null {
  if (event.type !== 'tranchePaid') return null;
  const t = state.tranches.find((x) => x.milestone === event.milestone);
  if (!t?.payment) return null;
  const label = TRANCHE_MILESTONE_LABELS[t.milestone];
  return {
    ok: false,
    refusal: {
      ...refusal(
        'already_paid',
        `“${label['zh-CN']}”一期已拨付（${t.payment.paymentRef}），不重复拨付`,
        `the ${label.en} tranche is already paid (${t.payment.paymentRef})`,
        'milestone',
      ),
      payment: t.payment,
    },
  };
}

function guardEvent(state: RelocationCaseState, event: RelocationEvent): RelocationResult | null {
  const paid = alreadyPaid(state, event);
  if (paid) return paid;
  if (isTerminal(state.step)) {
    const label = RELOCATION_STEP_LABELS[state.step];
    if (event.type === 'withdrawn' && state.step === 'completed')
      return fail('after_move_in', '已搬迁入住，不能退出搬迁', 'the household has moved in; it can no longer withdraw');
    return fail('terminal', `搬迁案件已结束（${label['zh-CN']}）`, `the relocation case has ended (${label.en})`);
  }
  if (event.step !== state.step) {
    const seen = RELOCATION_STEP_LABELS[event.step];
    return fail(
      'stale_step',
      `案件当前在“${RELOCATION_STEP_LABELS[state.step]['zh-CN']}”，不在“${seen?.['zh-CN'] ?? String(event.step)}”`,
      `the case is at ${RELOCATION_STEP_LABELS[state.step].en}, not ${seen?.en ?? String(event.step)}`,
      'step',
    );
  }
  if (!isTime(event.at)) return fail('invalid_time', '时间格式无效', 'at must be an ISO time', 'at');
  const last = state.history[state.history.length - 1];
  if (last && Date.parse(event.at) < Date.parse(last.at))
    return fail('time_before_last', '时间早于案件的上一条记录', 'at is before the last entry of the case', 'at');
  const reason = 'reason' in event ? event.reason : undefined;
  if (typeof reason === 'string' && reason.length > MAX_TEXT)
    return fail(
      'reason_too_long',
      `理由不得超过${MAX_TEXT}字`,
      `the reason must be at most ${MAX_TEXT} characters`,
      'reason',
    );
  return null;
}

function reduce(state: RelocationCaseState, event: RelocationEvent, config: RelocationConfig): RelocationResult {
  switch (event.type) {
    case 'planSubmitted':
      return onPlan(state, event, config);
    case 'approved':
    case 'rejected':
    case 'sentBack':
      return onDecision(state, event, config);
    case 'milestoneRecorded':
      return onMilestone(state, event, config);
    case 'trancheApproved':
      return onTrancheApproved(state, event, config);
    case 'tranchePaid':
      return onTranchePaid(state, event, config);
    case 'movedIn':
      return onMovedIn(state, event, config);
    case 'reclamationRecorded':
      return onReclamation(state, event, config);
    case 'followUpRecorded':
      return onFollowUp(state, event, config);
    case 'withdrawn':
      return onWithdrawn(state, event, config);
    case 'deadlineMissed':
      return onDeadlineMissed(state, event, config);
    default:
      return fail('unknown_event', '未知事件', 'unknown event', 'type');
  }
}

const entry = (
  state: RelocationCaseState,
  at: string,
  e: Omit<RelocationHistoryEntry, 'step' | 'at'>,
): RelocationHistoryEntry => ({ step: state.step, at, ...e });

const withEntry = (
  state: RelocationCaseState,
  e: RelocationHistoryEntry,
  patch: Partial<RelocationCaseState> = {},
) => ({
  ok: true as const,
  state: { ...state, ...patch, step: e.to, history: [...state.history, e] },
});

function notHere(state: RelocationCaseState, what: LocalizedMessage): RelocationResult {
  const at = RELOCATION_STEP_LABELS[state.step];
  return fail(
    'not_allowed',
    `案件在“${at['zh-CN']}”，不能${what['zh-CN']}`,
    `the case is at ${at.en}: no ${what.en}`,
    'type',
  );
}

function who(action: keyof typeof RELOCATION_STEP_ACTORS, p: RelocationPrincipal | undefined, village: string) {
  const r = actorRefusal(RELOCATION_STEP_ACTORS[action], RELOCATION_ACTION_LABELS[action], p, village);
  return r ? ({ ok: false, refusal: r } as const) : null;
}

// --- plan ------------------------------------------------------------------------------------------------------

/** The plan's own problems (mode, site, placement, persons, the area red line given in the plan, amounts). */
export function planRefusal(plan: RelocationPlan | undefined): RelocationRefusal | null {
  if (!plan || typeof plan !== 'object')
    return refusal('plan_required', '须提交搬迁方案', 'the plan is required', 'plan');
  if (!isRelocationMode(plan.mode))
    return refusal(
      'relocation_mode',
      `安置方式须为${RELOCATION_MODES.join('、')}之一`,
      `mode must be one of ${RELOCATION_MODES.join(', ')}`,
      'plan.mode',
    );
  if (!Number.isSafeInteger(plan.persons) || plan.persons < 1)
    return refusal('min_one_person', '搬迁人口须为不小于1的整数', 'persons must be a whole number ≥ 1', 'plan.persons');
  if (!isFen(plan.subsidyFen))
    return refusal('integer_fen', '补助金额须为非负整数（分）', 'subsidyFen must be whole fen ≥ 0', 'plan.subsidyFen');
  if (plan.mode === 'monetary') {
    if (plan.siteCode || (plan.areaM2 !== null && plan.areaM2 !== undefined))
      return refusal(
        'no_site_for_monetary',
        '货币化安置不分配安置点和住房',
        'monetary resettlement has no site and no home',
        'plan.siteCode',
      );
    return null;
  }
  if (!text(plan.siteCode)) return refusal('site_required', '须选择安置点', 'a site is required', 'plan.siteCode');
  if (!isPlacement(plan.placement))
    return refusal(
      'placement',
      `安置形式须为${PLACEMENTS.join('、')}之一`,
      `placement must be one of ${PLACEMENTS.join(', ')}`,
      'plan.placement',
    );
  const limit = plan.maxM2PerPerson;
  if (typeof limit !== 'number' || !(limit > 0) || limit > DEFAULT_PER_PERSON_LIMIT_M2)
    return refusal(
      'area_limit',
      `人均面积上限须大于0且不超过${DEFAULT_PER_PERSON_LIMIT_M2}平方米`,
      `maxM2PerPerson must be > 0 and at most ${DEFAULT_PER_PERSON_LIMIT_M2}`,
      'plan.maxM2PerPerson',
    );
  const area = checkHousingArea(plan.areaM2 ?? Number.NaN, plan.persons, limit);
  if (!area.ok) return { ...area.refusal, field: `plan.${area.refusal.field}` };
  const shares = checkTranchePlan(plan.tranchePlan, 'plan.tranchePlan');
  if (shares.length) return shares[0];
  return null;
}

const cleanPlan = (p: RelocationPlan): RelocationPlan => ({
  mode: p.mode,
  siteCode: p.mode === 'monetary' ? null : text(p.siteCode),
  placement: p.mode === 'monetary' ? null : p.placement,
  areaM2: p.mode === 'monetary' ? null : p.areaM2,
  persons: p.persons,
  maxM2PerPerson: p.maxM2PerPerson,
  subsidyFen: p.subsidyFen,
  ...(p.mode === 'monetary' ? {} : { tranchePlan: { ...p.tranchePlan! } }),
});

const tranchesOf = (plan: Pick<RelocationPlan, 'subsidyFen' | 'mode' | 'tranchePlan'>): TrancheState[] =>
  householdTranches(plan.subsidyFen, plan.mode, plan.tranchePlan ?? DEFAULT_TRANCHE_PLAN).map((t) => ({
    ...t,
    recorded: null,
    approved: null,
    payment: null,
    cancelled: false,
  }));

const onPlan: Handler<'planSubmitted'> = (state, event) => {
  if (state.step !== 'consented') return notHere(state, RELOCATION_ACTION_LABELS.plan);
  const denied = who('plan', event.by, state.villageCode);
  if (denied) return denied;
  const problem = planRefusal(event.plan);
  if (problem) return { ok: false, refusal: problem };
  const plan = cleanPlan(event.plan);
  const e = entry(state, event.at, {
    action: 'plan_submitted',
    to: 'township_review',
    by: signerRecord(event.by),
    reason: null,
  });
  return withEntry(state, e, { plan, tranches: tranchesOf(plan) });
};

// --- township review and county approval -----------------------------------------------------------------------

const onDecision: Handler<'approved' | 'rejected' | 'sentBack'> = (state, event) => {
  const step = state.step;
  if (step !== 'township_review' && step !== 'county_approval')
    return notHere(state, { 'zh-CN': '审核或审批', en: 'review or approval' });
  const denied = who(step, event.by, state.villageCode);
  if (denied) return denied;
  const reason = text(event.reason);
  const by = signerRecord(event.by);
  if (event.type !== 'approved' && !reason)
    return fail('reason_required', '否决或退回须写明理由', 'a rejection or a send-back needs a reason', 'reason');
  if (event.type === 'rejected') {
    const e = entry(state, event.at, { action: 'reject', to: 'refused', by, reason });
    return withEntry(state, e, { outcome: { result: 'refused', step, reason, at: event.at } });
  }
  if (event.type === 'sentBack') {
    if (state.kind === 'renovation')
      return fail(
        'no_send_back',
        '危房改造申请不退回：请否决并说明理由，农户可重新申请',
        'a renovation is not sent back: reject it with the reason; the household may apply again',
        'decision',
      );
    const e = entry(state, event.at, { action: 'send_back', to: 'consented', by, reason });
    return withEntry(state, e, { plan: null, tranches: [] });
  }
  const to: RelocationStep =
    step === 'township_review' ? 'county_approval' : state.plan?.mode === 'monetary' ? 'lump_sum' : 'construction';
  return withEntry(state, entry(state, event.at, { action: 'approve', to, by, reason: reason || null }));
};

// --- construction and tranches ---------------------------------------------------------------------------------

const trancheIndex = (state: RelocationCaseState, m: unknown): number =>
  state.tranches.findIndex((t) => t.milestone === m);

function replaceTranche(state: RelocationCaseState, i: number, t: TrancheState): TrancheState[] {
  return state.tranches.map((old, j) => (j === i ? t : old));
}

function unknownMilestone(state: RelocationCaseState, m: unknown): RelocationResult {
  const list = state.tranches.map((t) => t.milestone).join(', ');
  return fail(
    'unknown_milestone',
    `该案件的拨付节点为${list}，不含${String(m)}`,
    `the case's milestones are ${list}, not ${String(m)}`,
    'milestone',
  );
}

const onMilestone: Handler<'milestoneRecorded'> = (state, event) => {
  if (state.step !== 'construction') return notHere(state, RELOCATION_ACTION_LABELS.milestone);
  const denied = who('milestone', event.by, state.villageCode);
  if (denied) return denied;
  const i = trancheIndex(state, event.milestone);
  if (i < 0) return unknownMilestone(state, event.milestone);
  const label = TRANCHE_MILESTONE_LABELS[event.milestone];
  if (state.tranches[i].recorded)
    return fail('milestone_repeated', `“${label['zh-CN']}”已记录`, `${label.en} is already recorded`, 'milestone');
  const next = state.tranches.findIndex((t) => !t.recorded);
  if (i !== next) {
    const want = TRANCHE_MILESTONE_LABELS[state.tranches[next].milestone];
    return fail('milestone_order', `须先记录“${want['zh-CN']}”`, `${want.en} must be recorded first`, 'milestone');
  }
  const evidenceRef = text(event.evidenceRef);
  if (!evidenceRef)
    return fail('evidence_required', '须附建设节点的证明材料编号', 'an evidence reference is required', 'evidenceRef');
  const graded = renovatedGrade(state, event);
  if (!graded.ok) return graded;
  const by = signerRecord(event.by);
  const tranche = { ...state.tranches[i], recorded: { by, at: event.at, evidenceRef } };
  const e = entry(state, event.at, {
    action: 'milestone_recorded',
    to: state.step,
    by,
    reason: null,
    milestone: event.milestone,
    evidenceRef,
  });
  return withEntry(state, e, { tranches: replaceTranche(state, i, tranche), renovation: graded.renovation });
};

/** A renovation's acceptance inspection grades the house anew: A or B, else the work is not accepted. */
function renovatedGrade(
  state: RelocationCaseState,
  event: Extract<RelocationEvent, { type: 'milestoneRecorded' }>,
): { ok: true; renovation: RelocationCaseState['renovation'] } | { ok: false; refusal: RelocationRefusal } {
  if (!state.renovation || event.milestone !== 'acceptance') return { ok: true, renovation: state.renovation };
  if (event.newGrade !== 'A' && event.newGrade !== 'B')
    return fail(
      'renovated_grade',
      `竣工验收须评定改造后的房屋等级为A级或B级，不是${String(event.newGrade ?? '空')}`,
      `the acceptance inspection must grade the renovated house A or B, not ${String(event.newGrade ?? 'nothing')}`,
      'newGrade',
    ) as { ok: false; refusal: RelocationRefusal };
  return { ok: true, renovation: { ...state.renovation, newGrade: event.newGrade } };
}

const onTrancheApproved: Handler<'trancheApproved'> = (state, event) => {
  if (state.step !== 'construction' && state.step !== 'lump_sum')
    return notHere(state, RELOCATION_ACTION_LABELS.tranche_approval);
  const denied = who('tranche_approval', event.by, state.villageCode);
  if (denied) return denied;
  const i = trancheIndex(state, event.milestone);
  if (i < 0) return unknownMilestone(state, event.milestone);
  const t = state.tranches[i];
  const label = TRANCHE_MILESTONE_LABELS[t.milestone];
  if (t.approved)
    return fail(
      'tranche_already_approved',
      `“${label['zh-CN']}”一期已批准`,
      `the ${label.en} tranche is already approved`,
      'milestone',
    );
  if (state.step === 'construction' && !t.recorded)
    return fail(
      'milestone_not_recorded',
      `“${label['zh-CN']}”尚未记录，不能批准拨付`,
      `${label.en} is not recorded yet`,
      'milestone',
    );
  if (t.recorded && t.recorded.by.subject === event.by.subject)
    return fail(
      'same_person',
      '记录建设节点的人员不能审批本期拨付',
      'whoever recorded the milestone cannot approve its tranche',
      'by',
    );
  const by = signerRecord(event.by);
  const tranche: TrancheState = { ...t, approved: { by, at: event.at } };
  const e = entry(state, event.at, {
    action: 'tranche_approved',
    to: state.step,
    by,
    reason: null,
    milestone: t.milestone,
    amountFen: t.amountFen,
  });
  return withEntry(state, e, { tranches: replaceTranche(state, i, tranche) });
};

function paymentProblem(
  state: RelocationCaseState,
  event: Extract<RelocationEvent, { type: 'tranchePaid' }>,
  t: TrancheState,
) {
  const label = TRANCHE_MILESTONE_LABELS[t.milestone];
  if (!t.approved)
    return fail(
      'tranche_not_approved',
      `“${label['zh-CN']}”一期未经县搬迁办批准`,
      `the ${label.en} tranche is not approved by the county`,
      'milestone',
    );
  const ref = text(event.paymentRef);
  if (!ref) return fail('payment_ref_required', '须有拨付凭证号', 'a payment reference is required', 'paymentRef');
  if (state.tranches.some((o) => o.payment?.paymentRef === ref))
    return fail(
      'payment_ref_reused',
      `拨付凭证号${ref}已用于其他一期`,
      `payment reference ${ref} is already used`,
      'paymentRef',
    );
  if (event.amountFen !== t.amountFen)
    return fail(
      'amount_mismatch',
      `本期应拨${t.amountFen}分，不是${String(event.amountFen)}分`,
      `the tranche is ${t.amountFen} fen, not ${String(event.amountFen)}`,
      'amountFen',
    );
  return null;
}

const onTranchePaid: Handler<'tranchePaid'> = (state, event) => {
  if (state.step !== 'construction' && state.step !== 'lump_sum')
    return notHere(state, { 'zh-CN': '拨付', en: 'payment' });
  const i = trancheIndex(state, event.milestone);
  if (i < 0) return unknownMilestone(state, event.milestone);
  const t = state.tranches[i];
  const problem = paymentProblem(state, event, t);
  if (problem) return problem;
  const paymentRef = text(event.paymentRef);
  const tranches = replaceTranche(state, i, {
    ...t,
    payment: { paymentRef, paidAt: event.at, amountFen: t.amountFen },
  });
  const done = tranches.every((x) => x.payment);
  const paid = entry(state, event.at, {
    action: 'tranche_paid',
    to: state.step,
    by: 'system',
    reason: null,
    milestone: t.milestone,
    paymentRef,
    amountFen: t.amountFen,
  });
  const after = { ...state, tranches, history: [...state.history, paid] };
  if (!done) return { ok: true, state: after };
  if (state.kind === 'renovation') return complete(after, event.at);
  return withEntry(
    after,
    entry(after, event.at, { action: 'home_accepted', to: 'home_accepted', by: 'system', reason: null }),
  );
};

// --- move-in, reclamation, follow-up ---------------------------------------------------------------------------

const onMovedIn: Handler<'movedIn'> = (state, event) => {
  if (state.step !== 'home_accepted') return notHere(state, RELOCATION_ACTION_LABELS.move_in);
  const denied = who('move_in', event.by, state.villageCode);
  if (denied) return denied;
  if (!isDate(event.movedInOn) || event.movedInOn > event.at.slice(0, 10))
    return fail(
      'move_in_date',
      '入住日期须为 YYYY-MM-DD 且不晚于记录日期',
      'movedInOn must be YYYY-MM-DD, not after it is recorded',
      'movedInOn',
    );
  const e = entry(state, event.at, { action: 'moved_in', to: 'reclamation', by: signerRecord(event.by), reason: null });
  return withEntry(state, e, { movedInOn: event.movedInOn });
};

function complete(state: RelocationCaseState, at: string): RelocationResult {
  const e = entry(state, at, { action: 'completed', to: 'completed', by: 'system', reason: null });
  return withEntry(state, e, {
    relocated: state.kind === 'relocation',
    outcome: { result: 'completed', step: state.step, reason: null, at },
  });
}

const onReclamation: Handler<'reclamationRecorded'> = (state, event) => {
  if (state.step !== 'reclamation') return notHere(state, RELOCATION_ACTION_LABELS.reclamation);
  const denied = who('reclamation', event.by, state.villageCode);
  if (denied) return denied;
  const evidenceRef = text(event.evidenceRef);
  if (!evidenceRef)
    return fail('evidence_required', '须附拆旧复垦的证明材料编号', 'an evidence reference is required', 'evidenceRef');
  const by = signerRecord(event.by);
  const to: RelocationStep = state.followUp ? 'completed' : 'follow_up';
  const e = entry(state, event.at, { action: 'reclamation_recorded', to: 'follow_up', by, reason: null, evidenceRef });
  const after = withEntry(state, e, { reclamation: { evidenceRef, at: event.at, by }, landUseRightsKept: true });
  return to === 'completed' ? complete(after.state, event.at) : after;
};

const FOLLOW_UP_KINDS = ['employment', 'industry'] as const;

const onFollowUp: Handler<'followUpRecorded'> = (state, event) => {
  if (state.step !== 'reclamation' && state.step !== 'follow_up')
    return notHere(state, RELOCATION_ACTION_LABELS.follow_up);
  if (event.by) {
    const denied = who('follow_up', event.by, state.villageCode);
    if (denied) return denied;
  }
  const m = event.measure;
  if (!m || !(FOLLOW_UP_KINDS as readonly string[]).includes(m.kind))
    return fail(
      'follow_up_kind',
      '后续扶持措施须为就业（employment）或产业（industry）',
      'the measure must be employment or industry',
      'measure.kind',
    );
  if (!text(m.source) || !text(m.ref))
    return fail('follow_up_ref', '须写明措施来源和编号', 'the measure needs its source and reference', 'measure.ref');
  if (state.followUp)
    return fail('follow_up_recorded', '后续扶持措施已记录', 'a follow-up measure is already recorded', 'measure');
  const by = event.by ? signerRecord(event.by) : ('system' as const);
  const measure = { kind: m.kind, source: text(m.source), ref: text(m.ref), at: event.at, by };
  const e = entry(state, event.at, {
    action: 'follow_up_recorded',
    to: state.step,
    by,
    reason: `${m.kind}:${measure.source}:${measure.ref}`,
  });
  const after = withEntry(state, e, { followUp: measure });
  return state.step === 'follow_up' ? complete(after.state, event.at) : after;
};

// --- withdrawal and deadlines ----------------------------------------------------------------------------------

const onWithdrawn: Handler<'withdrawn'> = (state, event) => {
  if (!(RELOCATION_WITHDRAWABLE_STEPS as readonly string[]).includes(state.step))
    return fail('after_move_in', '已搬迁入住，不能退出搬迁', 'the household has moved in; it can no longer withdraw');
  const denied = who('withdrawal', event.by, state.villageCode);
  if (denied) return denied;
  const reason = text(event.reason);
  if (!reason)
    return fail('reason_required', '须记录农户退出搬迁的理由', "record the household's reason to withdraw", 'reason');
  const tranches = state.tranches.map((t) => (t.payment ? t : { ...t, cancelled: true }));
  const cancelledFen = tranches.filter((t) => t.cancelled).reduce((s, t) => s + t.amountFen, 0);
  const releasedSiteCode = state.plan?.siteCode ?? null;
  const e = entry(state, event.at, { action: 'withdrawn', to: 'withdrawn', by: signerRecord(event.by), reason });
  const outcome = {
    result: 'withdrawn' as const,
    step: state.step,
    reason,
    at: event.at,
    releasedSiteCode,
    cancelledFen,
  };
  return withEntry(state, e, { tranches, outcome });
};

const onDeadlineMissed: Handler<'deadlineMissed'> = (state, event, config) => {
  const pending = pendingRelocationAction(state, config);
  if (pending.kind !== 'human')
    return fail('no_deadline', '当前没有待人工办理的事项', 'nothing is waiting for a person: no deadline to miss');
  if (Date.parse(event.at) < Date.parse(pending.dueAt))
    return fail('not_yet_due', `办理时限${pending.dueAt}未到`, `the deadline ${pending.dueAt} has not passed`, 'at');
  const escalation = nextEscalation(ACTION_LEVEL[pending.action], state.escalation, event.at);
  const e = entry(state, event.at, {
    action: 'deadline_missed',
    to: state.step,
    by: 'system',
    reason: escalationReason(RELOCATION_ACTION_LABELS[pending.action], escalation),
    ...(pending.milestone ? { milestone: pending.milestone } : {}),
    escalation: { ...escalation.to, times: escalation.times, action: pending.action },
  });
  return withEntry(state, e, { escalation });
};

// ---------------------------------------------------------------------------------------------------------------
// Pending action

export type RelocationPending =
  | {
      kind: 'human';
      step: RelocationOpenStep;
      action: RelocationAction;
      actors: readonly RelocationActor[];
      milestone?: TrancheMilestone;
      dueAt: string;
      /** The last escalation of this action, with the division alerted; null before the first miss. */
      escalatedTo: (Escalation & { times: number; at: string; divisionCode: string }) | null;
    }
  | { kind: 'system'; step: RelocationOpenStep; action: 'tranche_payment'; milestone: TrancheMilestone; amountFen: Fen }
  | { kind: 'none' };

type PendingCore = { action: RelocationAction; milestone?: TrancheMilestone } | { payment: TrancheState } | null;

function pendingCore(state: RelocationCaseState): PendingCore {
  switch (state.step) {
    case 'consented':
      return { action: 'plan' };
    case 'township_review':
    case 'county_approval':
      return { action: state.step };
    case 'construction':
    case 'lump_sum':
      return pendingTranche(state);
    case 'home_accepted':
      return { action: 'move_in' };
    case 'reclamation':
      return { action: 'reclamation' };
    case 'follow_up':
      return { action: 'follow_up' };
    default:
      return null;
  }
}

/** In construction: the earliest milestone still lacking its approval or payment, else the next one to record. */
function pendingTranche(state: RelocationCaseState): PendingCore {
  for (const t of state.tranches) {
    if (!t.recorded && state.step === 'construction') return { action: 'milestone', milestone: t.milestone };
    if (!t.approved) return { action: 'tranche_approval', milestone: t.milestone };
    if (!t.payment) return { payment: t };
  }
  return null;
}

function pendingKey(state: RelocationCaseState): string {
  const core = pendingCore(state);
  if (!core) return `${state.step}`;
  if ('payment' in core) return `${state.step}:payment:${core.payment.milestone}`;
  return `${state.step}:${core.action}:${core.milestone ?? ''}`;
}

/** Who must act next on the case and until when (or the payment the service owes, or nothing). */
export function pendingRelocationAction(
  state: RelocationCaseState,
  config: RelocationConfig = DEFAULT_RELOCATION_CONFIG,
): RelocationPending {
  const core = pendingCore(state);
  if (!core || isTerminal(state.step)) return { kind: 'none' };
  const step = state.step as RelocationOpenStep;
  if ('payment' in core)
    return {
      kind: 'system',
      step,
      action: 'tranche_payment',
      milestone: core.payment.milestone,
      amountFen: core.payment.amountFen,
    };
  const e = state.escalation;
  return {
    kind: 'human',
    step,
    action: core.action,
    actors: RELOCATION_STEP_ACTORS[core.action],
    ...(core.milestone ? { milestone: core.milestone } : {}),
    dueAt: deadlineDueAt(state.since, e, config.deadlineSeconds[core.action]),
    escalatedTo: e
      ? { ...e.to, times: e.times, at: e.at, divisionCode: divisionAt(e.to.level, state.villageCode) }
      : null,
  };
}

/** Totals of a case's tranches in fen: planned (not cancelled), paid, cancelled. */
export function trancheTotals(state: RelocationCaseState): { plannedFen: Fen; paidFen: Fen; cancelledFen: Fen } {
  let plannedFen = 0;
  let paidFen = 0;
  let cancelledFen = 0;
  for (const t of state.tranches) {
    if (t.cancelled) cancelledFen += t.amountFen;
    else plannedFen += t.amountFen;
    if (t.payment) paidFen += t.payment.amountFen;
  }
  return { plannedFen, paidFen, cancelledFen };
}
