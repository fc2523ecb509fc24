import {
  checkActor,
  type Escalation,
  type LocalizedMessage,
  type ProcedurePrincipal,
  type ProcedureRefusal,
  type SignerRecord,
  type StepActor,
  jurisdictionCode,
} from '@fupin/identification-rules';
import {
  days,
  escalationReason,
  nextEscalation,
  stepDeadlineView,
  type StepDeadlineView,
  type StepEscalation,
} from './step-deadlines';

/**
 * The household exit procedure (贫困户退出程序), SPEC §3.6, as a pure state machine — as rigorous and as public as entry:
 *
 *   (criteria checked before the case starts) → village_assessment 村两委组织民主评议 → task_force_check 村两委和驻村工作队核实
 *   → household_agreement 贫困户认可（签字） → village_notice 村内公示 (≥ 7 days) → county_approval 县级审定
 *   → county_announcement 县级公告 → exited 销号
 *
 * An objection during a notice sends the household to a re-examination (township for the village notice, county for the
 * announcement); dismissed, it resumes the same notice; upheld, the exit stops. A rejection at any signed step, or a
 * household that does not agree, stops the exit with the reason: the household `stays_registered`.
 * Deterministic: every `at` is passed in; failures are values.
 */

export const EXIT_MAIN_STEPS = [
  'village_assessment',
  'task_force_check',
  'household_agreement',
  'village_notice',
  'county_approval',
  'county_announcement',
] as const;
export const EXIT_NOTICE_STEPS = ['village_notice', 'county_announcement'] as const;
export const EXIT_REEXAMINATION_STEPS = ['township_reexamination', 'county_reexamination'] as const;
export const EXIT_TERMINAL_STEPS = ['exited', 'stays_registered'] as const;

export type ExitMainStep = (typeof EXIT_MAIN_STEPS)[number];
export type ExitNoticeStep = (typeof EXIT_NOTICE_STEPS)[number];
export type ExitReexaminationStep = (typeof EXIT_REEXAMINATION_STEPS)[number];
export type ExitTerminalStep = (typeof EXIT_TERMINAL_STEPS)[number];
export type ExitStep = ExitMainStep | ExitReexaminationStep | ExitTerminalStep;
export type ExitHumanStep = Exclude<ExitMainStep, ExitNoticeStep> | ExitReexaminationStep;

export const EXIT_STEPS: readonly ExitStep[] = [
  ...EXIT_MAIN_STEPS,
  ...EXIT_REEXAMINATION_STEPS,
  ...EXIT_TERMINAL_STEPS,
];

export const EXIT_STEP_LABELS: Readonly<Record<ExitStep, LocalizedMessage>> = {
  village_assessment: { 'zh-CN': '村级民主评议', en: 'village democratic assessment' },
  task_force_check: { 'zh-CN': '村两委和驻村工作队核实', en: 'check with the resident task force' },
  household_agreement: { 'zh-CN': '贫困户认可签字', en: 'household agreement (signed)' },
  village_notice: { 'zh-CN': '村内退出公示', en: 'village exit notice' },
  county_approval: { 'zh-CN': '县级审定', en: 'county approval' },
  county_announcement: { 'zh-CN': '县级退出公告', en: 'county exit announcement' },
  township_reexamination: { 'zh-CN': '乡镇复核', en: 'township re-examination' },
  county_reexamination: { 'zh-CN': '县级复核', en: 'county re-examination' },
  exited: { 'zh-CN': '已退出（销号）', en: 'exited (removed from the register)' },
  stays_registered: { 'zh-CN': '不予退出，继续帮扶', en: 'exit stopped; stays registered' },
};

const VILLAGE: StepActor = { role: 'village_cadre', level: 'village' };
const TOWNSHIP: StepActor = { role: 'township_reviewer', level: 'township' };
const COUNTY: StepActor = { role: 'county_approver', level: 'county' };

/** Who signs each human step (谁签字谁负责). The household's own signature is recorded by the village cadre who witnessed it. */
export const EXIT_STEP_ACTORS: Readonly<Record<ExitHumanStep, StepActor>> = {
  village_assessment: VILLAGE,
  task_force_check: VILLAGE,
  household_agreement: VILLAGE,
  county_approval: COUNTY,
  township_reexamination: TOWNSHIP,
  county_reexamination: COUNTY,
};

const has = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);
export const isExitStep = (v: unknown): v is ExitStep => has(EXIT_STEPS, v);
export const isExitNoticeStep = (v: unknown): v is ExitNoticeStep => has(EXIT_NOTICE_STEPS, v);
export const isExitTerminalStep = (v: unknown): v is ExitTerminalStep => has(EXIT_TERMINAL_STEPS, v);
export const isExitHumanStep = (v: unknown): v is ExitHumanStep =>
  has(Object.keys(EXIT_STEP_ACTORS) as ExitHumanStep[], v);

const NEXT: Readonly<Record<ExitMainStep, ExitMainStep | 'exited'>> = {
  village_assessment: 'task_force_check',
  task_force_check: 'household_agreement',
  household_agreement: 'village_notice',
  village_notice: 'county_approval',
  county_approval: 'county_announcement',
  county_announcement: 'exited',
};
const REEXAMINATION_OF: Readonly<Record<ExitNoticeStep, ExitReexaminationStep>> = {
  village_notice: 'township_reexamination',
  county_announcement: 'county_reexamination',
};

/** The household's signature on the exit (贫困户签字认可): who signed, when, and the signed form's reference. */
export interface ExitSignature {
  signedBy: string;
  /** YYYY-MM-DD the household signed. */
  signedOn: string;
  /** Reference of the signed paper form (扫描件编号), if any. */
  documentRef?: string;
}

export type ExitHistoryAction =
  'approve' | 'reject' | 'notice_closed' | 'objection' | 'reexamination' | 'deadline_missed';

export interface ExitHistoryEntry {
  readonly step: ExitStep;
  readonly action: ExitHistoryAction;
  readonly to: ExitStep;
  readonly by: Readonly<SignerRecord> | 'system';
  readonly at: string;
  readonly reason: string | null;
  readonly signature?: Readonly<ExitSignature>;
  readonly objectionId?: string;
  readonly outcome?: 'upheld' | 'dismissed';
  /** deadline_missed: who was alerted (督办), and the how-many-th miss at the step. */
  readonly escalation?: Readonly<Escalation & { times: number }>;
}

export interface ExitState {
  readonly villageCode: string;
  readonly step: ExitStep;
  readonly reexamination: { readonly fromNotice: ExitNoticeStep; readonly objectionIds: readonly string[] } | null;
  readonly signature: Readonly<ExitSignature> | null;
  /** When the current step was entered (null: a case started without a clock, before step deadlines). */
  readonly stepSince: string | null;
  /** Deadline misses at the current step; reset when the step changes. */
  readonly escalation: StepEscalation | null;
  readonly outcome: {
    readonly result: ExitTerminalStep;
    readonly step: ExitStep;
    readonly reason: string | null;
    readonly at: string;
  } | null;
  readonly history: readonly ExitHistoryEntry[];
}

interface Base {
  /** The step the sender sees the case at; another step is refused as stale. */
  step: ExitStep;
  at: string;
}
export type ExitEvent =
  | (Base & { type: 'approved'; by: ProcedurePrincipal; reason?: string; signature?: ExitSignature })
  | (Base & { type: 'rejected'; by: ProcedurePrincipal; reason: string })
  | (Base & { type: 'noticeClosed' })
  | (Base & { type: 'objectionFiled'; objectionId: string; reason?: string })
  | (Base & { type: 'reexamined'; outcome: 'upheld' | 'dismissed'; by: ProcedurePrincipal; reason: string })
  | (Base & { type: 'deadlineMissed' });

export type ExitResult = { ok: true; state: ExitState } | { ok: false; rule: string; message: LocalizedMessage };

const refuse = (rule: string, zh: string, en: string): ExitResult => ({
  ok: false,
  rule,
  message: { 'zh-CN': zh, en },
});
const fromRefusal = (r: ProcedureRefusal): ExitResult => ({ ok: false, rule: r.rule, message: r.message });

/** A new case at village_assessment; `at` starts the step's clock (without it the case has no deadlines). */
export function startExit(villageCode: string, at?: string): ExitState {
  if (!/^\d{12}$/.test(villageCode))
    throw new RangeError(`villageCode must be a 12-digit village code, got "${villageCode}"`);
  return {
    villageCode,
    step: 'village_assessment',
    reexamination: null,
    signature: null,
    stepSince: at ?? null,
    escalation: null,
    outcome: null,
    history: [],
  };
}

/** Why `principal` may not sign `step` for the household's village, or null. */
export function exitActorRefusal(
  step: ExitStep,
  principal: ProcedurePrincipal,
  villageCode: string,
): ProcedureRefusal | null {
  if (!isExitHumanStep(step)) {
    return {
      rule: 'not_a_human_step',
      message: {
        'zh-CN': `“${EXIT_STEP_LABELS[step]?.['zh-CN'] ?? String(step)}”不由人工签批`,
        en: `${EXIT_STEP_LABELS[step]?.en ?? String(step)} is not signed by a person`,
      },
    };
  }
  return checkActor([EXIT_STEP_ACTORS[step]], EXIT_STEP_LABELS[step], principal, villageCode);
}

const signer = (p: ProcedurePrincipal): SignerRecord => ({
  subject: p.subject,
  ...(p.name ? { name: p.name } : {}),
  role: p.role,
  jurisdiction: jurisdictionCode(p.jurisdiction) ?? 'unknown',
});
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_REASON = 2000;

function signatureProblem(s: ExitSignature | undefined): string | null {
  if (!s) return "须记录贫困户签字认可（签字人、日期） / the household's signature (who signed, date) must be recorded";
  if (typeof s.signedBy !== 'string' || !s.signedBy.trim()) return '须写明签字人 / name who signed';
  if (typeof s.signedOn !== 'string' || !DATE.test(s.signedOn) || Number.isNaN(Date.parse(`${s.signedOn}T00:00:00Z`)))
    return '签字日期须为 YYYY-MM-DD / signedOn must be YYYY-MM-DD';
  return null;
}

/**
 * Apply one event. Refusals are values naming the rule: stale step, terminal, who may sign, missing reason or
 * signature. A step change restarts the step's clock and clears its escalation. `deadlineMissed` (system) at a human
 * step records the next rung of the ladder (`nextEscalation`) and stays at the step.
 */
export function applyExitEvent(state: ExitState, event: ExitEvent): ExitResult {
  const result = reduceExit(state, event);
  if (!result.ok || result.state.step === state.step) return result;
  return { ok: true, state: { ...result.state, stepSince: event.at, escalation: null } };
}

function reduceExit(state: ExitState, event: ExitEvent): ExitResult {
  if (isExitTerminalStep(state.step))
    return refuse(
      'terminal',
      `退出程序已结束（${EXIT_STEP_LABELS[state.step]['zh-CN']}）`,
      `the exit procedure has ended (${EXIT_STEP_LABELS[state.step].en})`,
    );
  if (event.step !== state.step) {
    return refuse(
      'stale_step',
      `该户当前在“${EXIT_STEP_LABELS[state.step]['zh-CN']}”，不在“${EXIT_STEP_LABELS[event.step]?.['zh-CN'] ?? String(event.step)}”`,
      `the household is at ${EXIT_STEP_LABELS[state.step].en}, not ${EXIT_STEP_LABELS[event.step]?.en ?? String(event.step)}`,
    );
  }
  const reason = 'reason' in event && typeof event.reason === 'string' ? event.reason.trim() : '';
  if (reason.length > MAX_REASON)
    return refuse(
      'reason_too_long',
      `理由不得超过${MAX_REASON}字`,
      `the reason must be at most ${MAX_REASON} characters`,
    );
  const step = state.step;
  const entry = (e: Omit<ExitHistoryEntry, 'step' | 'at'>): ExitHistoryEntry => ({ step, at: event.at, ...e });
  const end = (
    result: ExitTerminalStep,
    by: ExitHistoryEntry['by'],
    action: ExitHistoryAction,
    extra: Partial<ExitHistoryEntry> = {},
  ): ExitResult => ({
    ok: true,
    state: {
      ...state,
      step: result,
      reexamination: null,
      outcome: { result, step, reason: reason || null, at: event.at },
      history: [...state.history, entry({ action, to: result, by, reason: reason || null, ...extra })],
    },
  });

  switch (event.type) {
    case 'approved':
    case 'rejected': {
      if (!isExitHumanStep(step) || step === 'township_reexamination' || step === 'county_reexamination') {
        return refuse(
          'not_allowed',
          `“${EXIT_STEP_LABELS[step]['zh-CN']}”不能通过或否决`,
          `${EXIT_STEP_LABELS[step].en} cannot be approved or rejected`,
        );
      }
      const who = exitActorRefusal(step, event.by, state.villageCode);
      if (who) return fromRefusal(who);
      if (event.type === 'rejected') {
        if (!reason) {
          return step === 'household_agreement'
            ? refuse(
                'reason_required',
                '贫困户不认可退出时须记录其理由',
                "record the household's reason when it does not agree to exit",
              )
            : refuse('reason_required', '否决须写明理由', 'a rejection needs a reason');
        }
        return end('stays_registered', signer(event.by), 'reject');
      }
      let signature: ExitSignature | undefined;
      if (step === 'household_agreement') {
        const problem = signatureProblem(event.signature);
        if (problem) {
          const [zh, en] = problem.split(' / ');
          return refuse('signature_required', zh, en);
        }
        signature = {
          signedBy: event.signature!.signedBy.trim(),
          signedOn: event.signature!.signedOn,
          ...(event.signature!.documentRef ? { documentRef: event.signature!.documentRef } : {}),
        };
      }
      const to = NEXT[step];
      return {
        ok: true,
        state: {
          ...state,
          step: to,
          signature: signature ?? state.signature,
          history: [
            ...state.history,
            entry({
              action: 'approve',
              to,
              by: signer(event.by),
              reason: reason || null,
              ...(signature ? { signature } : {}),
            }),
          ],
        },
      };
    }
    case 'noticeClosed': {
      if (!isExitNoticeStep(step))
        return refuse('no_open_notice', '该户不在公示期', 'the household is not on a notice');
      const to = NEXT[step];
      if (to === 'exited') return end('exited', 'system', 'notice_closed');
      return {
        ok: true,
        state: {
          ...state,
          step: to,
          history: [...state.history, entry({ action: 'notice_closed', to, by: 'system', reason: null })],
        },
      };
    }
    case 'objectionFiled': {
      if (!isExitNoticeStep(step))
        return refuse(
          'no_open_notice',
          '该户不在公示期，异议按一般异议答复',
          'the household is not on a notice; the objection is answered as a general one',
        );
      if (!event.objectionId) return refuse('objection_id_required', '异议须有编号', 'an objection needs its id');
      const to = REEXAMINATION_OF[step];
      return {
        ok: true,
        state: {
          ...state,
          step: to,
          reexamination: { fromNotice: step, objectionIds: [event.objectionId] },
          history: [
            ...state.history,
            entry({
              action: 'objection',
              to,
              by: 'system',
              reason: event.reason?.trim() || null,
              objectionId: event.objectionId,
            }),
          ],
        },
      };
    }
    case 'reexamined': {
      if (step !== 'township_reexamination' && step !== 'county_reexamination')
        return refuse('not_allowed', '该户不在复核中', 'the household is not in re-examination');
      const who = exitActorRefusal(step, event.by, state.villageCode);
      if (who) return fromRefusal(who);
      if (!reason) return refuse('reason_required', '复核结论须写明理由', 'a re-examination needs its reason');
      if (event.outcome !== 'upheld' && event.outcome !== 'dismissed')
        return refuse('invalid_outcome', '复核结论须为 upheld 或 dismissed', 'outcome must be upheld or dismissed');
      if (event.outcome === 'upheld')
        return end('stays_registered', signer(event.by), 'reexamination', { outcome: 'upheld' });
      const back = state.reexamination!.fromNotice;
      return {
        ok: true,
        state: {
          ...state,
          step: back,
          reexamination: null,
          history: [
            ...state.history,
            entry({ action: 'reexamination', to: back, by: signer(event.by), reason, outcome: 'dismissed' }),
          ],
        },
      };
    }
    case 'deadlineMissed': {
      if (!isExitHumanStep(step))
        return refuse(
          'no_deadline',
          `“${EXIT_STEP_LABELS[step]['zh-CN']}”没有办理时限`,
          `${EXIT_STEP_LABELS[step].en} has no deadline to miss`,
        );
      const escalation = nextEscalation(EXIT_STEP_ACTORS[step].level, state.escalation, event.at);
      const missed = entry({
        action: 'deadline_missed',
        to: step,
        by: 'system',
        reason: escalationReason(EXIT_STEP_LABELS[step], escalation),
        escalation: { ...escalation.to, times: escalation.times },
      });
      return { ok: true, state: { ...state, escalation, history: [...state.history, missed] } };
    }
    default:
      return refuse('unknown_event', '未知事件', 'unknown event');
  }
}

/** A second objection while the household is already in re-examination joins it (all are answered together). */
export function joinReexamination(state: ExitState, objectionId: string): ExitState | null {
  if (!state.reexamination || state.reexamination.objectionIds.includes(objectionId)) return null;
  return {
    ...state,
    reexamination: { ...state.reexamination, objectionIds: [...state.reexamination.objectionIds, objectionId] },
  };
}

export type ExitPending =
  | ({ kind: 'human'; step: ExitHumanStep; actor: StepActor } & Partial<StepDeadlineView>)
  | { kind: 'notice'; step: ExitNoticeStep }
  | { kind: 'none' };

/** Who must act next; with `deadlines` (and a clock on the case), until when and whom a miss escalated to. */
export function exitPending(state: ExitState, deadlines?: Readonly<Record<ExitHumanStep, number>>): ExitPending {
  if (isExitTerminalStep(state.step)) return { kind: 'none' };
  if (isExitNoticeStep(state.step)) return { kind: 'notice', step: state.step };
  const step = state.step as ExitHumanStep;
  const pending = { kind: 'human' as const, step, actor: EXIT_STEP_ACTORS[step] };
  if (!deadlines || state.stepSince === null) return pending;
  return { ...pending, ...stepDeadlineView(state.stepSince, state.escalation, deadlines[step], state.villageCode) };
}

/** Default time for each human step of the household exit before it escalates (办理时限), in seconds. */
export const DEFAULT_EXIT_STEP_DEADLINES: Readonly<Record<ExitHumanStep, number>> = Object.freeze({
  village_assessment: days(15),
  task_force_check: days(10),
  household_agreement: days(10),
  county_approval: days(10),
  township_reexamination: days(10),
  county_reexamination: days(15),
});

/** Minimum length of the village exit notice (SPEC §3.6: ≥ 7 days). */
export const EXIT_NOTICE_MIN_DAYS = 7;
