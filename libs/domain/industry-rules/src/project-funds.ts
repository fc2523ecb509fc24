/**
 * The funds of an industry project (产业扶贫项目资金), workflow `project-funds:<projectId>`, as a pure state machine of
 * its four signed checkpoints (谁签字谁负责) and the public notice between acceptance and payment:
 *
 *   allocation 资金安排 ─▶ implementation 项目实施 ─▶ acceptance 项目验收 ─▶ notice 资金公告公示 (published, then its
 *   objection period closed) ─▶ disbursement 资金拨付 ─▶ disbursed
 *
 * Steps are where the project rests, named by what it waits for. An event for a later checkpoint is refused
 * `checkpoint_order` naming the missing one (`missing`); one for a checkpoint already passed `checkpoint_repeated`; a
 * second payment `already_disbursed` carrying the first.
 *
 * Decisions:
 * - The project is registered (项目入库) by the county industry office: department_officer of dept:industry at county
 *   level, or the county approver (县扶贫办) — the industry service's `industryOffice`.
 * - The allocation (资金安排) is signed by the county finance office (department_officer of dept:finance, county) or
 *   the county poverty office (county_approver; @fupin/auth has no "poverty" department: 县扶贫办 is that role).
 * - The start of implementation is signed by the township: its township_reviewer, or a township-level department
 *   officer of industry (农业服务中心) or finance (财政所), i.e. a `dept:industry@<9 digits>` jurisdiction.
 * - The acceptance (验收) is signed by a committee of at least 3 distinct named people (subjects), none of them the
 *   implementer (the person, or the partner: its credit code and its contact person), with an evidence reference.
 * - The notice (资金公告公示) is published and closed by notice-service (recorded as 'system'). Disbursement needs the
 *   notice published and its objection period closed without an upheld objection. An upheld objection sends the
 *   project to rectification (整改), signed by the county industry office with evidence; then a new notice is due.
 * - The payment (资金拨付) is signed by the county finance office only, once, never above the allocation, to the
 *   partner's account reference only.
 * - Every actor's jurisdiction must cover the project's village or township (430524101201 ⊂ 430524101 ⊂ 430524).
 * Deterministic: every time is passed in; failures are values.
 */

import type { LocalizedMessage } from '@fupin/localized';
import { checkCreditCode, normalizeCreditCode } from './credit-code';
import { shanghaiDay } from './loan-servicing';

// ---------------------------------------------------------------------------------------------------------------
// Principals and actors (the shapes of @fupin/auth and relocation-rules, restated: domain libs may not import them)

export type ProjectFundsLevel = 'village' | 'township' | 'county';
const CODE_LENGTH: Readonly<Record<ProjectFundsLevel, number>> = { village: 12, township: 9, county: 6 };

/** Who may act: a role at a division level; a department officer also needs one of `departments`. */
export interface ProjectFundsActor {
  role: 'village_cadre' | 'township_reviewer' | 'county_approver' | 'department_officer' | 'bank';
  level: ProjectFundsLevel;
  departments?: readonly string[];
}

/** A jurisdiction as `@fupin/auth` carries it, or a bare division code. */
export type ProjectFundsJurisdiction =
  string | { kind: 'division'; code: string } | { kind: 'department'; department: string; divisionCode?: string };

/** The signer: structurally compatible with `@fupin/auth`'s `Principal`. */
export interface ProjectFundsPrincipal {
  subject: string;
  name?: string;
  role: string;
  jurisdiction: ProjectFundsJurisdiction;
}

/** A signer as the history keeps it; a department jurisdiction reads `dept:finance@430524`. */
export interface ProjectFundsSigner {
  subject: string;
  name?: string;
  role: string;
  jurisdiction: string;
}

export interface ProjectFundsRefusal {
  rule: string;
  message: LocalizedMessage;
  field?: string;
  /** `checkpoint_order`: the checkpoint that must come first. */
  missing?: ProjectFundsCheckpoint;
  /** `already_disbursed`: the first payment. */
  payment?: Disbursement;
}

const refusal = (rule: string, zh: string, en: string, field?: string): ProjectFundsRefusal => ({
  rule,
  message: { 'zh-CN': zh, en },
  ...(field ? { field } : {}),
});

function jurisdictionCode(j: ProjectFundsJurisdiction | undefined): string | null {
  if (typeof j === 'string') return j;
  if (j?.kind === 'division' && typeof j.code === 'string') return j.code;
  if (j?.kind === 'department' && typeof j.divisionCode === 'string') return j.divisionCode;
  return null;
}

export function projectFundsSigner(p: ProjectFundsPrincipal): ProjectFundsSigner {
  const code = jurisdictionCode(p.jurisdiction) ?? 'unknown';
  const j = p.jurisdiction;
  const jurisdiction = typeof j === 'object' && j.kind === 'department' ? `dept:${j.department}@${code}` : code;
  return { subject: p.subject, ...(p.name ? { name: p.name } : {}), role: p.role, jurisdiction };
}

const describeActor = (a: ProjectFundsActor): string =>
  a.departments ? `${a.role}(${a.departments.join('/')})@${a.level}` : `${a.role}@${a.level}`;

function departmentMismatch(actor: ProjectFundsActor, j: ProjectFundsJurisdiction): boolean {
  if (!actor.departments) return typeof j === 'object' && j.kind === 'department';
  return !(typeof j === 'object' && j.kind === 'department' && actor.departments.includes(j.department));
}

/** Why `principal` is none of `actors` over the project's division (role, department, level, jurisdiction), or null. */
export function projectActorRefusal(
  actors: readonly ProjectFundsActor[],
  what: LocalizedMessage,
  principal: ProjectFundsPrincipal | undefined,
  divisionCode: string,
): ProjectFundsRefusal | null {
  const actor = actors.find((a) => a.role === principal?.role && !departmentMismatch(a, principal.jurisdiction));
  if (!principal || !actor) {
    const who = actors.map(describeActor).join(' / ');
    return refusal(
      'wrong_role',
      `“${what['zh-CN']}”须由${who}签字，当前为${String(principal?.role)}`,
      `${what.en} must be signed by ${who}, not ${String(principal?.role)}`,
      'by',
    );
  }
  const code = jurisdictionCode(principal.jurisdiction);
  if (code === null || !/^\d+$/.test(code) || code.length !== CODE_LENGTH[actor.level])
    return refusal(
      'wrong_level',
      `${actor.role}须持有${actor.level}级辖区，当前为${String(code)}`,
      `${actor.role} must hold a ${actor.level} jurisdiction, has ${String(code)}`,
      'by',
    );
  if (!divisionCode.startsWith(code))
    return refusal(
      'out_of_jurisdiction',
      `项目所在地${divisionCode}不在辖区${code}内`,
      `the project's division ${divisionCode} is outside jurisdiction ${code}`,
      'by',
    );
  return null;
}

/** 县产业扶贫办 (dept:industry) or 县扶贫办 (county approver): registers projects, signs rectifications. */
const INDUSTRY_OFFICE: readonly ProjectFundsActor[] = Object.freeze([
  { role: 'department_officer', level: 'county', departments: ['industry'] },
  { role: 'county_approver', level: 'county' },
]);
/** 县财政局 (dept:finance, county). */
const FINANCE: ProjectFundsActor = Object.freeze({
  role: 'department_officer',
  level: 'county',
  departments: ['finance'],
});
/** 县扶贫办. */
const POVERTY_OFFICE: ProjectFundsActor = Object.freeze({ role: 'county_approver', level: 'county' });
/** 乡镇: the township reviewer, or a township-level officer of industry or finance. */
const TOWNSHIP: readonly ProjectFundsActor[] = Object.freeze([
  { role: 'township_reviewer', level: 'township' },
  { role: 'department_officer', level: 'township', departments: ['industry', 'finance'] },
]);

// ---------------------------------------------------------------------------------------------------------------
// Checkpoints, steps, labels

/** The events of the machine, in their order; `rectified` only follows an upheld objection. */
export const PROJECT_FUNDS_CHECKPOINTS = [
  'allocated',
  'implementationStarted',
  'accepted',
  'noticePublished',
  'noticeClosed',
  'disbursed',
] as const;
export type ProjectFundsCheckpoint = (typeof PROJECT_FUNDS_CHECKPOINTS)[number] | 'rectified';

export const PROJECT_FUNDS_CHECKPOINT_LABELS: Readonly<
  Record<ProjectFundsCheckpoint | 'registered', LocalizedMessage>
> = {
  registered: { 'zh-CN': '项目入库', en: 'project registration' },
  allocated: { 'zh-CN': '资金安排', en: 'fund allocation' },
  implementationStarted: { 'zh-CN': '项目实施', en: 'start of implementation' },
  accepted: { 'zh-CN': '项目验收', en: 'acceptance' },
  noticePublished: { 'zh-CN': '资金公告公示', en: 'publication of the funds notice' },
  noticeClosed: { 'zh-CN': '公示期结束', en: 'close of the notice period' },
  rectified: { 'zh-CN': '异议整改', en: 'rectification after an upheld objection' },
  disbursed: { 'zh-CN': '资金拨付', en: 'disbursement' },
};

export const PROJECT_FUNDS_STEPS = [
  'allocation',
  'implementation',
  'acceptance',
  'notice',
  'publicity',
  'rectification',
  'disbursement',
  'disbursed',
] as const;
export type ProjectFundsStep = (typeof PROJECT_FUNDS_STEPS)[number];

export const PROJECT_FUNDS_STEP_LABELS: Readonly<Record<ProjectFundsStep, LocalizedMessage>> = {
  allocation: { 'zh-CN': '待安排资金', en: 'allocation awaited' },
  implementation: { 'zh-CN': '待乡镇确认实施', en: 'start of implementation awaited' },
  acceptance: { 'zh-CN': '待项目验收', en: 'acceptance awaited' },
  notice: { 'zh-CN': '待发布资金公告', en: 'funds notice to publish' },
  publicity: { 'zh-CN': '资金公告公示中', en: 'funds notice open for objections' },
  rectification: { 'zh-CN': '异议成立，待整改', en: 'objection upheld; rectification awaited' },
  disbursement: { 'zh-CN': '待拨付资金', en: 'disbursement awaited' },
  disbursed: { 'zh-CN': '资金已拨付', en: 'funds disbursed' },
};

/** The checkpoint each step waits for (none once disbursed). */
const AWAITS: Readonly<Record<ProjectFundsStep, ProjectFundsCheckpoint | null>> = {
  allocation: 'allocated',
  implementation: 'implementationStarted',
  acceptance: 'accepted',
  notice: 'noticePublished',
  publicity: 'noticeClosed',
  rectification: 'rectified',
  disbursement: 'disbursed',
  disbursed: null,
};

/** Who signs each checkpoint; the committee (accepted) and notice-service (notice events) are not principals. */
export const PROJECT_FUNDS_ACTORS: Readonly<
  Record<'registered' | 'allocated' | 'implementationStarted' | 'rectified' | 'disbursed', readonly ProjectFundsActor[]>
> = Object.freeze({
  registered: INDUSTRY_OFFICE,
  allocated: [FINANCE, POVERTY_OFFICE],
  implementationStarted: TOWNSHIP,
  rectified: INDUSTRY_OFFICE,
  disbursed: [FINANCE],
});

/** 验收小组: at least this many distinct signers. */
export const MIN_ACCEPTANCE_SIGNERS = 3;

export const projectFundsWorkflowId = (projectId: string): string => `project-funds:${projectId}`;

// ---------------------------------------------------------------------------------------------------------------
// State

export interface ProjectPartner {
  /** 统一社会信用代码 (normalized: upper case). */
  creditCode: string;
  /** The account payments go to (收款账户登记编号), a reference, never the number. */
  accountRef: string;
  name?: string;
}

/** 实施主体: the partner itself (with its contact person, if any), or a named person. */
export type ProjectImplementer =
  { kind: 'partner'; contactSubject?: string } | { kind: 'person'; subject: string; name?: string };

/** A member of the acceptance committee (验收小组成员). */
export interface CommitteeSigner {
  subject: string;
  name: string;
}

export interface Disbursement {
  readonly amountFen: number;
  readonly paymentRef: string;
  readonly toAccountRef: string;
  readonly by: ProjectFundsSigner;
  readonly at: string;
}

export interface FundsNotice {
  readonly noticeId: string;
  readonly publishedAt: string;
  readonly closedAt: string | null;
  readonly objectionUpheld: boolean | null;
}

export interface ProjectFundsHistoryEntry {
  readonly checkpoint: ProjectFundsCheckpoint | 'registered';
  readonly step: ProjectFundsStep | null;
  readonly to: ProjectFundsStep;
  /** The signer; 'committee' for the acceptance (its members in `committee`); 'system' for notice-service. */
  readonly by: ProjectFundsSigner | 'committee' | 'system';
  readonly at: string;
  readonly committee?: readonly CommitteeSigner[];
  readonly amountFen?: number;
  readonly startedOn?: string;
  readonly evidenceRef?: string;
  readonly noticeId?: string;
  readonly objectionUpheld?: boolean;
  readonly paymentRef?: string;
  readonly toAccountRef?: string;
}

export interface ProjectFundsState {
  readonly workflowId: string;
  readonly projectId: string;
  /** The project's village (12 digits) or township (9 digits). */
  readonly divisionCode: string;
  readonly level: 'village' | 'township';
  readonly budgetFen: number;
  readonly partner: Readonly<ProjectPartner>;
  readonly implementer: Readonly<ProjectImplementer>;
  readonly step: ProjectFundsStep;
  readonly allocation: { readonly amountFen: number; readonly by: ProjectFundsSigner; readonly at: string } | null;
  readonly implementation: { readonly startedOn: string; readonly by: ProjectFundsSigner; readonly at: string } | null;
  readonly acceptance: {
    readonly committee: readonly CommitteeSigner[];
    readonly evidenceRef: string;
    readonly at: string;
  } | null;
  /** Every notice, the current one last (an upheld objection leads to a new one). */
  readonly notices: readonly FundsNotice[];
  readonly disbursement: Disbursement | null;
  readonly history: readonly ProjectFundsHistoryEntry[];
}

export type ProjectFundsResult = { ok: true; state: ProjectFundsState } | { ok: false; refusal: ProjectFundsRefusal };

const fail = (rule: string, zh: string, en: string, field?: string): ProjectFundsResult => ({
  ok: false,
  refusal: refusal(rule, zh, en, field),
});

// ---------------------------------------------------------------------------------------------------------------
// Start

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The date exists (2024-02-30 and 2024-13-01 do not). */
const sameDay = (s: string): boolean => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};
const isDate = (s: unknown): s is string => typeof s === 'string' && DATE.test(s) && sameDay(s);
const isTime = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-/.test(s) && !Number.isNaN(Date.parse(s));
const text = (s: unknown): string => (typeof s === 'string' ? s.trim() : '');
const isPositiveFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const yuan = (fen: number): string => (fen / 100).toFixed(2);

export interface StartProjectFunds {
  projectId: string;
  /** Exactly one of the two: the village or the township the project belongs to. */
  villageCode?: string;
  townshipCode?: string;
  budgetFen: number;
  partner: ProjectPartner;
  implementer: ProjectImplementer;
  /** The county industry office registering the project. */
  by: ProjectFundsPrincipal;
  at: string;
}

function divisionOf(input: StartProjectFunds): { code: string; level: 'village' | 'township' } | null {
  const village = input.villageCode;
  const township = input.townshipCode;
  if (village !== undefined && township !== undefined) return null;
  if (typeof village === 'string' && /^\d{12}$/.test(village)) return { code: village, level: 'village' };
  if (typeof township === 'string' && /^\d{9}$/.test(township)) return { code: township, level: 'township' };
  return null;
}

function partnerProblem(p: ProjectPartner | undefined): ProjectFundsResult | null {
  const code = checkCreditCode(p?.creditCode, 'partner.creditCode');
  if (code.length) return { ok: false, refusal: code[0] };
  if (!text(p?.accountRef))
    return fail(
      'account_ref_required',
      '须登记合作主体的收款账户',
      "the partner's account reference is required",
      'partner.accountRef',
    );
  return null;
}

function implementerOf(i: ProjectImplementer | undefined): ProjectImplementer | null {
  if (i?.kind === 'partner')
    return { kind: 'partner', ...(text(i.contactSubject) ? { contactSubject: text(i.contactSubject) } : {}) };
  if (i?.kind === 'person' && text(i.subject))
    return { kind: 'person', subject: text(i.subject), ...(text(i.name) ? { name: text(i.name) } : {}) };
  return null;
}

function startProblem(input: StartProjectFunds): ProjectFundsResult | null {
  if (!text(input.projectId)) return fail('project_required', '须指明项目', 'projectId is required', 'projectId');
  if (!divisionOf(input))
    return fail(
      'invalid_division',
      '须且只须给出12位村代码或9位乡镇代码',
      'give exactly one of a 12-digit villageCode or a 9-digit townshipCode',
      'villageCode',
    );
  if (!isPositiveFen(input.budgetFen))
    return fail('budget_fen', '项目预算须为正整数（分）', 'budgetFen must be whole fen ≥ 1', 'budgetFen');
  if (!isTime(input.at)) return fail('invalid_time', '时间格式无效', 'at must be an ISO time', 'at');
  const partner = partnerProblem(input.partner);
  if (partner) return partner;
  if (!implementerOf(input.implementer))
    return fail(
      'implementer_required',
      '须指明实施主体：合作主体或具名人员',
      'the implementer is required: the partner or a named person (subject)',
      'implementer',
    );
  return null;
}

function initialState(input: StartProjectFunds, by: ProjectFundsSigner): ProjectFundsState {
  const division = divisionOf(input)!;
  const projectId = text(input.projectId);
  const name = text(input.partner.name);
  return {
    workflowId: projectFundsWorkflowId(projectId),
    projectId,
    divisionCode: division.code,
    level: division.level,
    budgetFen: input.budgetFen,
    partner: {
      creditCode: normalizeCreditCode(input.partner.creditCode),
      accountRef: text(input.partner.accountRef),
      ...(name ? { name } : {}),
    },
    implementer: implementerOf(input.implementer)!,
    step: 'allocation',
    allocation: null,
    implementation: null,
    acceptance: null,
    notices: [],
    disbursement: null,
    history: [{ checkpoint: 'registered', step: null, to: 'allocation', by, at: input.at }],
  };
}

/** A project's funds at `allocation`, registered by the county industry office. */
export function startProjectFunds(input: StartProjectFunds): ProjectFundsResult {
  const problem = startProblem(input);
  if (problem) return problem;
  const label = PROJECT_FUNDS_CHECKPOINT_LABELS.registered;
  const denied = projectActorRefusal(PROJECT_FUNDS_ACTORS.registered, label, input.by, divisionOf(input)!.code);
  if (denied) return { ok: false, refusal: denied };
  return { ok: true, state: initialState(input, projectFundsSigner(input.by)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Events

export type ProjectFundsEvent =
  | { type: 'allocated'; by: ProjectFundsPrincipal; amountFen: number; at: string }
  | {
      type: 'implementationStarted';
      by: ProjectFundsPrincipal;
      startedOn: string;
      at: string;
      /** The calendar "the day it is recorded" is told in: China Standard Time (default); 'utc' for runs recorded before. */
      calendar?: 'cst' | 'utc';
    }
  | { type: 'accepted'; committee: CommitteeSigner[]; evidenceRef: string; at: string }
  | { type: 'noticePublished'; noticeId: string; at: string }
  | { type: 'noticeClosed'; noticeId: string; objectionUpheld: boolean; at: string }
  | { type: 'rectified'; by: ProjectFundsPrincipal; evidenceRef: string; at: string }
  | {
      type: 'disbursed';
      by: ProjectFundsPrincipal;
      amountFen: number;
      paymentRef: string;
      toAccountRef: string;
      at: string;
    };

type Handler<E extends ProjectFundsEvent['type']> = (
  state: ProjectFundsState,
  event: Extract<ProjectFundsEvent, { type: E }>,
) => ProjectFundsResult;

/**
 * Apply one event. Refusals are values naming the rule (and the field): a second payment, checkpoint order, time
 * before the last entry, who may sign, and each checkpoint's own rules.
 */
export function applyProjectFundsEvent(state: ProjectFundsState, event: ProjectFundsEvent): ProjectFundsResult {
  const guard = guardEvent(state, event);
  if (guard) return guard;
  switch (event.type) {
    case 'allocated':
      return onAllocated(state, event);
    case 'implementationStarted':
      return onImplementationStarted(state, event);
    case 'accepted':
      return onAccepted(state, event);
    case 'noticePublished':
      return onNoticePublished(state, event);
    case 'noticeClosed':
      return onNoticeClosed(state, event);
    case 'rectified':
      return onRectified(state, event);
    case 'disbursed':
      return onDisbursed(state, event);
  }
}

function alreadyDisbursed(state: ProjectFundsState): ProjectFundsResult {
  const p = state.disbursement!;
  return {
    ok: false,
    refusal: {
      ...refusal(
        'already_disbursed',
        `项目资金已拨付（${p.paymentRef}），不重复拨付`,
        `the project's funds are already disbursed (${p.paymentRef})`,
        'paymentRef',
      ),
      payment: p,
    },
  };
}

const EVENT_TYPES: readonly string[] = [...PROJECT_FUNDS_CHECKPOINTS, 'rectified'];

const checkpointIndex = (c: ProjectFundsCheckpoint): number =>
  (PROJECT_FUNDS_CHECKPOINTS as readonly string[]).indexOf(c);

function checkpointOrder(type: ProjectFundsCheckpoint, missing: ProjectFundsCheckpoint): ProjectFundsResult {
  const label = PROJECT_FUNDS_CHECKPOINT_LABELS[type];
  const want = PROJECT_FUNDS_CHECKPOINT_LABELS[missing];
  const r = refusal(
    'checkpoint_order',
    `“${label['zh-CN']}”须先完成“${want['zh-CN']}”`,
    `${label.en} needs the ${want.en} first`,
    'type',
  );
  return { ok: false, refusal: { ...r, missing } };
}

/** While an upheld objection waits for rectification: no payment; a new notice only after the rectification. */
function rectificationOrder(type: ProjectFundsCheckpoint): ProjectFundsResult | null {
  if (type === 'disbursed')
    return fail(
      'objection_upheld',
      '资金公告的异议成立，整改并重新公示前不能拨付',
      'an objection to the funds notice was upheld: no disbursement before rectification and a new notice',
      'type',
    );
  return type === 'noticePublished' ? checkpointOrder(type, 'rectified') : null;
}

/** The event against the step: the awaited checkpoint passes; a later one names the missing one; an earlier one is done. */
function orderProblem(state: ProjectFundsState, type: ProjectFundsCheckpoint): ProjectFundsResult | null {
  const awaited = AWAITS[state.step];
  if (type === awaited) return null;
  const label = PROJECT_FUNDS_CHECKPOINT_LABELS[type];
  if (type === 'rectified')
    return fail('no_objection', '没有成立的异议需要整改', 'there is no upheld objection to rectify', 'type');
  const later =
    awaited === 'rectified'
      ? rectificationOrder(type)
      : awaited && checkpointIndex(type) > checkpointIndex(awaited)
        ? checkpointOrder(type, awaited)
        : null;
  return (
    later ?? fail('checkpoint_repeated', `“${label['zh-CN']}”已完成`, `the ${label.en} is already recorded`, 'type')
  );
}

function guardEvent(state: ProjectFundsState, event: ProjectFundsEvent): ProjectFundsResult | null {
  if (event.type === 'disbursed' && state.disbursement) return alreadyDisbursed(state);
  if (!EVENT_TYPES.includes(event.type)) return fail('unknown_event', '未知事件', 'unknown event', 'type');
  const order = orderProblem(state, event.type);
  if (order) return order;
  if (!isTime(event.at)) return fail('invalid_time', '时间格式无效', 'at must be an ISO time', 'at');
  const last = state.history[state.history.length - 1];
  if (Date.parse(event.at) < Date.parse(last.at))
    return fail('time_before_last', '时间早于上一条记录', 'at is before the last entry', 'at');
  return null;
}

const withEntry = (
  state: ProjectFundsState,
  e: Omit<ProjectFundsHistoryEntry, 'step'>,
  patch: Partial<ProjectFundsState> = {},
): ProjectFundsResult => ({
  ok: true,
  state: { ...state, ...patch, step: e.to, history: [...state.history, { step: state.step, ...e }] },
});

function signedBy(
  state: ProjectFundsState,
  checkpoint: keyof typeof PROJECT_FUNDS_ACTORS,
  p: ProjectFundsPrincipal | undefined,
): { ok: true; by: ProjectFundsSigner } | { ok: false; refusal: ProjectFundsRefusal } {
  const label = PROJECT_FUNDS_CHECKPOINT_LABELS[checkpoint];
  const denied = projectActorRefusal(PROJECT_FUNDS_ACTORS[checkpoint], label, p, state.divisionCode);
  return denied ? { ok: false, refusal: denied } : { ok: true, by: projectFundsSigner(p!) };
}

// --- 资金安排 allocation ---------------------------------------------------------------------------------------------

const onAllocated: Handler<'allocated'> = (state, event) => {
  const signer = signedBy(state, 'allocated', event.by);
  if (!signer.ok) return signer;
  if (!isPositiveFen(event.amountFen))
    return fail('integer_fen', '安排金额须为正整数（分）', 'amountFen must be whole fen ≥ 1', 'amountFen');
  if (event.amountFen > state.budgetFen)
    return fail(
      'over_budget',
      `安排金额${yuan(event.amountFen)}元超过项目预算${yuan(state.budgetFen)}元`,
      `the allocation of ${yuan(event.amountFen)} yuan exceeds the budget of ${yuan(state.budgetFen)} yuan`,
      'amountFen',
    );
  const by = signer.by;
  const at = event.at;
  return withEntry(
    state,
    { checkpoint: 'allocated', to: 'implementation', by, at, amountFen: event.amountFen },
    { allocation: { amountFen: event.amountFen, by, at } },
  );
};

/** The China Standard Time day of a UTC instant: the township writes dates as they read them in Shanghai. */
const cstDay = (instant: string): string => shanghaiDay(Date.parse(instant));

// --- 项目实施 implementation -----------------------------------------------------------------------------------------

const onImplementationStarted: Handler<'implementationStarted'> = (state, event) => {
  const signer = signedBy(state, 'implementationStarted', event.by);
  if (!signer.ok) return signer;
  const dayOf = event.calendar === 'utc' ? (instant: string) => instant.slice(0, 10) : cstDay;
  const allocatedOn = dayOf(state.allocation!.at);
  const startedOn = event.startedOn;
  if (!isDate(startedOn) || startedOn > dayOf(event.at) || startedOn < allocatedOn)
    return fail(
      'start_date',
      `开工日期须为 YYYY-MM-DD，不早于资金安排（${allocatedOn}），不晚于记录日期`,
      `startedOn must be YYYY-MM-DD, not before the allocation (${allocatedOn}) nor after it is recorded`,
      'startedOn',
    );
  const by = signer.by;
  return withEntry(
    state,
    { checkpoint: 'implementationStarted', to: 'acceptance', by, at: event.at, startedOn },
    { implementation: { startedOn, by, at: event.at } },
  );
};

// --- 项目验收 acceptance ---------------------------------------------------------------------------------------------

/** The subjects that are the implementer: the person, or the partner (its credit code and contact person). */
export function implementerSubjects(state: Pick<ProjectFundsState, 'implementer' | 'partner'>): string[] {
  const i = state.implementer;
  if (i.kind === 'person') return [i.subject];
  return [state.partner.creditCode, ...(i.contactSubject ? [i.contactSubject] : [])];
}

function committeeProblem(state: ProjectFundsState, committee: unknown): ProjectFundsResult | null {
  const list = Array.isArray(committee) ? (committee as Partial<CommitteeSigner>[]) : [];
  const i = list.findIndex((s) => !text(s?.subject) || !text(s?.name));
  if (i >= 0)
    return fail(
      'signer_named',
      '验收小组成员须具名（姓名和账号）',
      'each committee member needs a name and a subject',
      `committee[${i}]`,
    );
  if (list.length < MIN_ACCEPTANCE_SIGNERS)
    return fail(
      'committee_too_small',
      `验收小组须至少${MIN_ACCEPTANCE_SIGNERS}人签字，当前${list.length}人`,
      `the acceptance needs at least ${MIN_ACCEPTANCE_SIGNERS} signers, got ${list.length}`,
      'committee',
    );
  const subjects = list.map((s) => text(s.subject));
  const dup = subjects.findIndex((s, j) => subjects.indexOf(s) !== j);
  if (dup >= 0)
    return fail('duplicate_signer', `${subjects[dup]}重复签字`, `${subjects[dup]} signs twice`, `committee[${dup}]`);
  const excluded = implementerSubjects(state).map((s) => s.toUpperCase());
  const own = subjects.findIndex((s) => excluded.includes(s.toUpperCase()));
  if (own >= 0)
    return fail(
      'signer_is_implementer',
      `实施主体（${subjects[own]}）不能参加本项目验收`,
      `the implementer (${subjects[own]}) cannot sign the acceptance`,
      `committee[${own}]`,
    );
  return null;
}

const onAccepted: Handler<'accepted'> = (state, event) => {
  const problem = committeeProblem(state, event.committee);
  if (problem) return problem;
  const evidenceRef = text(event.evidenceRef);
  if (!evidenceRef)
    return fail('evidence_required', '须附验收报告编号', 'an evidence reference is required', 'evidenceRef');
  const committee = event.committee.map((s) => ({ subject: text(s.subject), name: text(s.name) }));
  return withEntry(
    state,
    { checkpoint: 'accepted', to: 'notice', by: 'committee', at: event.at, committee, evidenceRef },
    { acceptance: { committee, evidenceRef, at: event.at } },
  );
};

// --- 资金公告公示 notice, 整改 rectification ----------------------------------------------------------------------------

const onNoticePublished: Handler<'noticePublished'> = (state, event) => {
  const noticeId = text(event.noticeId);
  if (!noticeId) return fail('notice_id_required', '须有公告编号', 'noticeId is required', 'noticeId');
  if (state.notices.some((n) => n.noticeId === noticeId))
    return fail('notice_reused', `公告${noticeId}已用过`, `notice ${noticeId} was already used`, 'noticeId');
  const notice: FundsNotice = { noticeId, publishedAt: event.at, closedAt: null, objectionUpheld: null };
  return withEntry(
    state,
    { checkpoint: 'noticePublished', to: 'publicity', by: 'system', at: event.at, noticeId },
    { notices: [...state.notices, notice] },
  );
};

const onNoticeClosed: Handler<'noticeClosed'> = (state, event) => {
  const current = state.notices[state.notices.length - 1];
  if (text(event.noticeId) !== current.noticeId)
    return fail(
      'unknown_notice',
      `公示中的公告为${current.noticeId}，不是${String(event.noticeId)}`,
      `the open notice is ${current.noticeId}, not ${String(event.noticeId)}`,
      'noticeId',
    );
  if (typeof event.objectionUpheld !== 'boolean')
    return fail('objection_flag', '须说明是否有成立的异议', 'objectionUpheld must be true or false', 'objectionUpheld');
  const upheld = event.objectionUpheld;
  const closed: FundsNotice = { ...current, closedAt: event.at, objectionUpheld: upheld };
  const to: ProjectFundsStep = upheld ? 'rectification' : 'disbursement';
  return withEntry(
    state,
    { checkpoint: 'noticeClosed', to, by: 'system', at: event.at, noticeId: current.noticeId, objectionUpheld: upheld },
    { notices: [...state.notices.slice(0, -1), closed] },
  );
};

const onRectified: Handler<'rectified'> = (state, event) => {
  const signer = signedBy(state, 'rectified', event.by);
  if (!signer.ok) return signer;
  const evidenceRef = text(event.evidenceRef);
  if (!evidenceRef)
    return fail('evidence_required', '须附整改材料编号', 'an evidence reference is required', 'evidenceRef');
  return withEntry(state, { checkpoint: 'rectified', to: 'notice', by: signer.by, at: event.at, evidenceRef });
};

// --- 资金拨付 disbursement -------------------------------------------------------------------------------------------

function paymentProblem(state: ProjectFundsState, event: Extract<ProjectFundsEvent, { type: 'disbursed' }>) {
  const allocated = state.allocation!.amountFen;
  if (!isPositiveFen(event.amountFen))
    return fail('integer_fen', '拨付金额须为正整数（分）', 'amountFen must be whole fen ≥ 1', 'amountFen');
  if (event.amountFen > allocated)
    return fail(
      'over_allocation',
      `拨付金额${yuan(event.amountFen)}元超过安排金额${yuan(allocated)}元`,
      `the payment of ${yuan(event.amountFen)} yuan exceeds the allocation of ${yuan(allocated)} yuan`,
      'amountFen',
    );
  if (!text(event.paymentRef))
    return fail('payment_ref_required', '须有拨付凭证号', 'a payment reference is required', 'paymentRef');
  if (text(event.toAccountRef) !== state.partner.accountRef)
    return fail(
      'wrong_account',
      '资金只能拨付到合作主体登记的收款账户',
      "funds go to the partner's registered account only",
      'toAccountRef',
    );
  return null;
}

const onDisbursed: Handler<'disbursed'> = (state, event) => {
  const signer = signedBy(state, 'disbursed', event.by);
  if (!signer.ok) return signer;
  const problem = paymentProblem(state, event);
  if (problem) return problem;
  const payment: Disbursement = {
    amountFen: event.amountFen,
    paymentRef: text(event.paymentRef),
    toAccountRef: state.partner.accountRef,
    by: signer.by,
    at: event.at,
  };
  const { by, at, ...details } = payment;
  return withEntry(state, { checkpoint: 'disbursed', to: 'disbursed', by, at, ...details }, { disbursement: payment });
};

// ---------------------------------------------------------------------------------------------------------------
// Pending step (for an inbox)

/** An actor resolved to the division whose holder must act (county 430524, township 430524101). */
export type ResolvedActor = ProjectFundsActor & { divisionCode: string };

export type ProjectFundsPending =
  | {
      kind: 'human';
      step: ProjectFundsStep;
      checkpoint: 'allocated' | 'implementationStarted' | 'rectified' | 'disbursed';
      actors: readonly ResolvedActor[];
      since: string;
    }
  | {
      kind: 'committee';
      step: 'acceptance';
      checkpoint: 'accepted';
      divisionCode: string;
      minSigners: number;
      /** Subjects that may not sign: the implementer's. */
      excludedSubjects: readonly string[];
      since: string;
    }
  | {
      kind: 'system';
      step: 'notice' | 'publicity';
      checkpoint: 'noticePublished' | 'noticeClosed';
      /** The open notice, while in publicity. */
      noticeId?: string;
      since: string;
    }
  | { kind: 'none' };

/** Who must act next: a signer (with the division they act for), the acceptance committee, notice-service, nobody. */
export function pendingProjectFundsStep(state: ProjectFundsState): ProjectFundsPending {
  const checkpoint = AWAITS[state.step];
  const since = state.history[state.history.length - 1].at;
  if (checkpoint === null) return { kind: 'none' };
  if (checkpoint === 'accepted')
    return {
      kind: 'committee',
      step: 'acceptance',
      checkpoint,
      divisionCode: state.divisionCode,
      minSigners: MIN_ACCEPTANCE_SIGNERS,
      excludedSubjects: implementerSubjects(state),
      since,
    };
  if (checkpoint === 'noticePublished') return { kind: 'system', step: 'notice', checkpoint, since };
  if (checkpoint === 'noticeClosed') {
    const noticeId = state.notices[state.notices.length - 1].noticeId;
    return { kind: 'system', step: 'publicity', checkpoint, noticeId, since };
  }
  const actors = PROJECT_FUNDS_ACTORS[checkpoint].map((a) => ({
    ...a,
    divisionCode: state.divisionCode.slice(0, CODE_LENGTH[a.level]),
  }));
  return { kind: 'human', step: state.step, checkpoint, actors, since };
}
