import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import {
  MONITORING_CATEGORY_LABELS,
  escalationReason,
  monitoringEntry,
  monthsStableAboveMonitoringLine,
  type EscalationLevel,
  type MonitoringCategory,
} from '@fupin/exit-rules';
import { monitoringLineFen, resolvePolicy, type PovertyPolicyOverride } from '@fupin/identification-rules';
import {
  CLEARING_STAGE_LABELS,
  relapseMonitoringWorkflowId,
  type CheckReason,
  type ClearingEscalation,
  type CheckView,
  type ClearingFacts,
  type MeasureView,
  type MonitoringSigner,
  type NoticeHead,
  type RelapseMonitoringInput,
} from '@fupin/identification-workflows';
import { addToOutbox } from '@fupin/messaging';
import { type SqlExecutor, type TransactionalClient, onceForKey } from '@fupin/persistence';
import { DomainError, InjectDb } from '@fupin/service-kit';
import { type Columns, type IdentificationDb, asColumns, identificationTx } from '../db';
import type { Household, MonitoredHousehold, MonitoringCheck, Person } from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';
import { householdNotFound } from '../rule-errors';
import { householdVillage } from '../surveys/survey.repository';
import { measureMiss } from '../work-items/step-mirror';
import type { MonitoringConfig } from './monitoring-config';

/** Active monitoring periods: a household is in at most one. */
export const ACTIVE_STATUSES = ['monitoring', 'clearing'] as const;

const monitoredColumns = {
  id: true,
  householdId: true,
  villageCode: true,
  categories: true,
  triggers: true,
  entryFigures: true,
  status: true,
  enteredAt: true,
  enteredBy: true,
  workflowId: true,
  clearedAt: true,
  relapsedAt: true,
} as const;

/** A monitoring period as the monitoring service reads it (by column name). */
export type MonitoredRow = Columns<Pick<MonitoredHousehold, keyof typeof monitoredColumns>>;

export interface SurveyEvaluation {
  incomeYear: number;
  perCapitaFen: number;
  netIncomeFen: number;
  /** 刚性支出: illness and schooling (fen). */
  rigidSpendingFen: number;
  povertyLineFen: number;
  monitoringLineFen: number;
}

/**
 * Monitoring periods, their checks and measures: the only place their SQL lives (the activities use it too). Model
 * calls for the plain reads; SQL for the household's row lock, the writes stamped with the database clock (entered_at,
 * checked_at, relapsed_at, cleared_at, updated_at: the transaction's time, as the audit record's), a measure's insert
 * once (ON CONFLICT), orderings on an expression (the active period first, the household's head first) and the
 * person → monitoring join (no relation in the schema).
 */
@Injectable()
export class MonitoringRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  /** The household's village (404 when there is no such household). */
  villageOf(householdId: string): Promise<string> {
    return householdVillage(this.db, householdId);
  }

  enter(
    input: { householdId: string; categories?: MonitoringCategory[] },
    actor: Actor,
    key: string,
    overrides: readonly PovertyPolicyOverride[],
  ) {
    return enterMonitoring(this.db, input, actor, key, overrides);
  }

  load(where: { id?: string; householdId?: string }): Promise<MonitoredRow | null> {
    return loadMonitored(this.db, where);
  }

  list(division: string) {
    return listMonitored(this.db, division);
  }

  records(monitoringId: string) {
    return monitoringRecords(this.db, monitoringId);
  }
}

const systemActor = { subject: 'system:monitoring', role: 'system', jurisdiction: 'system' };
const actorOfSigner = (s: MonitoringSigner | null) =>
  s ? { subject: s.subject, role: s.role, jurisdiction: s.jurisdiction } : systemActor;

/**
 * The latest income survey (highest income year, then the latest surveyed) against the poverty line of its income
 * year (resolvePolicy: province overrides, else the national line) and the monitoring line. null without a survey;
 * refused (409) when no line exists for that year.
 */
export async function evaluateLatestSurvey(
  db: SqlExecutor,
  householdId: string,
  villageCode: string,
  overrides: readonly PovertyPolicyOverride[],
): Promise<SurveyEvaluation | null> {
  const s = await identificationTx(db).incomeSurvey.findFirst({
    where: { householdId },
    orderBy: [{ incomeYear: 'desc' }, { surveyedAt: 'desc' }],
    select: { incomeYear: true, perCapitaFen: true, netIncomeFen: true, illnessSpending: true, studentCosts: true },
  });
  if (!s) return null;
  const policy = resolvePolicy(villageCode, s.incomeYear, overrides);
  if (!policy.ok) {
    throw new DomainError(409, 'monitoring.no_poverty_line', {
      'zh-CN': `${s.incomeYear}收入年度没有适用的贫困标准：${policy.violations.map((v) => v.message['zh-CN']).join('；')}`,
      en: `no poverty line applies to income year ${s.incomeYear}: ${policy.violations.map((v) => v.message.en).join('; ')}`,
    });
  }
  return {
    incomeYear: s.incomeYear,
    perCapitaFen: Number(s.perCapitaFen),
    netIncomeFen: Number(s.netIncomeFen),
    rigidSpendingFen: Number(s.illnessSpending) + Number(s.studentCosts),
    povertyLineFen: policy.value.povertyLineFen,
    monitoringLineFen: monitoringLineFen(policy.value),
  };
}

export function checkOutcome(
  e: Pick<SurveyEvaluation, 'perCapitaFen' | 'povertyLineFen' | 'monitoringLineFen'>,
): CheckView['outcome'] {
  return e.perCapitaFen < e.povertyLineFen ? 'relapsed' : e.perCapitaFen < e.monitoringLineFen ? 'at_risk' : 'stable';
}

async function insertCheck(
  tx: SqlExecutor,
  monitoringId: string,
  householdId: string,
  reason: CheckReason | 'entry',
  detail: string | null,
  e: SurveyEvaluation | null,
): Promise<CheckView> {
  const id = randomUUID();
  const outcome = e ? checkOutcome(e) : 'no_survey';
  const rows = await tx.$queryRawUnsafe<Pick<MonitoringCheck, 'checkedAt'>[]>(
    `INSERT INTO monitoring_check (id, monitoring_id, household_id, reason, detail, income_year, per_capita_fen, monitoring_line_fen, poverty_line_fen, outcome)
     VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, $8, $9, $10) RETURNING checked_at AS "checkedAt"`,
    id,
    monitoringId,
    householdId,
    reason,
    detail,
    e?.incomeYear ?? null,
    e?.perCapitaFen ?? null,
    e?.monitoringLineFen ?? null,
    e?.povertyLineFen ?? null,
    outcome,
  );
  return {
    checkId: id,
    checkedAt: rows[0].checkedAt.toISOString(),
    reason: reason === 'entry' ? 'survey' : reason,
    incomeYear: e?.incomeYear ?? null,
    perCapitaFen: e?.perCapitaFen ?? null,
    monitoringLineFen: e?.monitoringLineFen ?? null,
    povertyLineFen: e?.povertyLineFen ?? null,
    outcome,
  };
}

export interface EntryResult {
  monitoringId: string;
  workflowId: string;
  householdId: string;
  villageCode: string;
  categories: MonitoringCategory[];
  triggers: string[];
  reasons: { 'zh-CN': string; en: string }[];
  belowPovertyLine: boolean;
  enteredAt: string;
}

const refusal = (status: number, code: string, zh: string, en: string, details?: unknown) =>
  new DomainError(status, code, { 'zh-CN': zh, en }, undefined, details);

/**
 * 纳入监测: decided by monitoringEntry on the latest survey. An exited household is 脱贫不稳定户 when at risk; a never
 * registered (refused/withdrawn) household may be named an edge household (边缘户) by the cadre; either may be in
 * sudden hardship. Registered (already assisted), applying or in-procedure households are refused, as is a
 * household already monitored. One transaction: row + entry check + audit; the workflow is started by the caller.
 */
export async function enterMonitoring(
  db: TransactionalClient,
  input: { householdId: string; categories?: MonitoringCategory[] },
  actor: Actor,
  key: string,
  overrides: readonly PovertyPolicyOverride[],
) {
  return db.$transaction(async (tx) =>
    onceForKey(tx, 'monitoring.enter', key, input, async () => {
      const households = await tx.$queryRawUnsafe<Pick<Household, 'id' | 'villageCode' | 'status'>[]>(
        `SELECT id::text, village_code AS "villageCode", status FROM household WHERE id = $1::uuid FOR UPDATE`,
        input.householdId,
      );
      const h = households[0];
      if (!h) throw householdNotFound(input.householdId);
      const active = await identificationTx(tx).monitoredHousehold.findFirst({
        where: { householdId: h.id, status: { in: [...ACTIVE_STATUSES] } },
        select: { id: true },
      });
      if (active)
        throw refusal(409, 'monitoring.already_monitored', '该户已在监测中', 'the household is already monitored', {
          monitoringId: active.id,
        });
      if (h.status === 'registered')
        throw refusal(
          409,
          'monitoring.registered',
          '该户为在册贫困户，已在帮扶中，不纳入返贫监测',
          'a registered poor household is already assisted; it is not monitored',
        );
      if (h.status === 'applicant' || h.status === 'in_procedure')
        throw refusal(
          409,
          'monitoring.in_identification',
          '该户正在识别程序中',
          'the household is in the identification procedure',
        );
      const exited = h.status === 'exited';
      const asked = new Set(input.categories ?? []);
      if (exited && asked.has('edge'))
        throw refusal(
          400,
          'monitoring.invalid_category',
          '已脱贫户不是边缘户',
          'an exited household is not an edge household',
        );
      const survey = await evaluateLatestSurvey(tx, h.id, h.villageCode, overrides);
      if (!survey)
        throw refusal(
          409,
          'monitoring.no_survey',
          '缺少入户调查，无法判断是否纳入监测',
          'no income survey: entry cannot be decided',
        );
      const decision = monitoringEntry({
        perCapitaFen: survey.perCapitaFen,
        lineFen: survey.povertyLineFen,
        rigidSpendingFen: survey.rigidSpendingFen,
        incomeFen: survey.netIncomeFen,
        exited,
        edge: asked.has('edge'),
        suddenHardship: asked.has('sudden_hardship'),
      });
      if (!decision.monitor) {
        const why =
          decision.triggers.length === 0
            ? [
                {
                  'zh-CN': `人均纯收入不低于监测线${(decision.monitoringLineFen / 100).toFixed(2)}元，且刚性支出未明显超过收入`,
                  en: `per-capita income is not below the monitoring line (${(decision.monitoringLineFen / 100).toFixed(2)} yuan) and rigid spending does not clearly exceed income`,
                },
              ]
            : [
                {
                  'zh-CN': `该户不属于脱贫户、边缘户或突发严重困难户（可选：${Object.values(MONITORING_CATEGORY_LABELS)
                    .map((l) => l['zh-CN'])
                    .join('、')}）`,
                  en: 'the household is neither exited, an edge household nor in sudden hardship',
                },
              ];
        const reasons = [...decision.reasons, ...why];
        throw new DomainError(
          409,
          'monitoring.not_qualified',
          {
            'zh-CN': `不纳入监测：${reasons.map((r) => r['zh-CN']).join('；')}`,
            en: `not monitored: ${reasons.map((r) => r.en).join('; ')}`,
          },
          undefined,
          { reasons, perCapitaFen: survey.perCapitaFen, monitoringLineFen: decision.monitoringLineFen },
        );
      }
      const monitoringId = randomUUID();
      const workflowId = relapseMonitoringWorkflowId(h.id);
      const figures = { ...survey, monitoringLineFen: decision.monitoringLineFen };
      const rows = await tx.$queryRawUnsafe<Pick<MonitoredHousehold, 'enteredAt'>[]>(
        `INSERT INTO monitored_household (id, household_id, village_code, categories, triggers, entry_figures, status, entered_by, workflow_id)
         VALUES ($1::uuid, $2::uuid, $3, $4::text[], $5::text[], $6::jsonb, 'monitoring', $7, $8) RETURNING entered_at AS "enteredAt"`,
        monitoringId,
        h.id,
        h.villageCode,
        decision.categories,
        decision.triggers,
        JSON.stringify(figures),
        actor.subject,
        workflowId,
      );
      await insertCheck(tx, monitoringId, h.id, 'entry', null, survey);
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: 'monitoring.entered',
        subjectType: 'household',
        subjectId: h.id,
        after: { monitoringId, categories: decision.categories, triggers: decision.triggers, figures },
        reason: decision.reasons.map((r) => r['zh-CN']).join('；'),
      });
      const body: EntryResult = {
        monitoringId,
        workflowId,
        householdId: h.id,
        villageCode: h.villageCode,
        categories: decision.categories,
        triggers: decision.triggers,
        reasons: decision.reasons,
        belowPovertyLine: decision.belowPovertyLine,
        enteredAt: rows[0].enteredAt.toISOString(),
      };
      return { status: 201, body };
    }),
  );
}

/** A period by its id, or the household's: its active period, else its latest. `db`: the client or a transaction. */
export async function loadMonitored(
  db: SqlExecutor,
  where: { id?: string; householdId?: string },
): Promise<MonitoredRow | null> {
  if (where.id) {
    const row = await identificationTx(db).monitoredHousehold.findUnique({
      where: { id: where.id },
      select: monitoredColumns,
    });
    return row && asColumns(row);
  }
  if (!where.householdId || !/^[0-9a-f-]{36}$/i.test(where.householdId)) return null;
  // SQL: the active period first (an ordering on an expression), else the latest one
  const [row] = await db.$queryRawUnsafe<MonitoredRow[]>(
    `SELECT id::text, household_id::text, village_code, categories, triggers, entry_figures, status, entered_at, entered_by, workflow_id, cleared_at, relapsed_at
       FROM monitored_household WHERE household_id = $1::uuid ORDER BY status = ANY($2::text[]) DESC, entered_at DESC LIMIT 1`,
    where.householdId,
    [...ACTIVE_STATUSES],
  );
  return row ?? null;
}

export function workflowInput(
  row: MonitoredRow,
  config: MonitoringConfig,
  belowPovertyLine: boolean,
): RelapseMonitoringInput {
  return {
    monitoringId: row.id,
    householdId: row.household_id,
    villageCode: row.village_code,
    categories: row.categories as MonitoringCategory[],
    enteredAt: new Date(row.entered_at).toISOString(),
    config: config.workflow,
    ...(belowPovertyLine ? { checkAtStart: true } : {}),
  };
}

type MonitoredListRow = Pick<
  MonitoredHousehold,
  'householdId' | 'villageCode' | 'categories' | 'status' | 'enteredAt'
> & {
  monitoringId: MonitoredHousehold['id'];
  measures: number;
  lastCheckAt: MonitoringCheck['checkedAt'] | null;
  lastOutcome: MonitoringCheck['outcome'] | null;
};

export async function listMonitored(db: IdentificationDb, division: string) {
  return db.$queryRawUnsafe<MonitoredListRow[]>(
    `SELECT m.id::text AS "monitoringId", m.household_id::text AS "householdId", m.village_code AS "villageCode", m.categories, m.status, m.entered_at AS "enteredAt",
            (SELECT count(*)::int FROM support_measure s WHERE s.monitoring_id = m.id) AS measures,
            c.checked_at AS "lastCheckAt", c.outcome AS "lastOutcome"
       FROM monitored_household m
       LEFT JOIN LATERAL (SELECT checked_at, outcome FROM monitoring_check WHERE monitoring_id = m.id ORDER BY checked_at DESC LIMIT 1) c ON true
      WHERE m.village_code LIKE $1 || '%' ORDER BY m.entered_at DESC LIMIT 500`,
    division,
  );
}

/** The recorded measures and checks of a period (the register's side; the workflow holds the deadline). */
export async function monitoringRecords(db: IdentificationDb, monitoringId: string) {
  const measures = await db.supportMeasure.findMany({
    where: { monitoringId },
    orderBy: { assignedAt: 'asc' },
    select: { id: true, kind: true, description: true, department: true, assignedBy: true, assignedAt: true },
  });
  const checks = await db.monitoringCheck.findMany({
    where: { monitoringId },
    orderBy: { checkedAt: 'asc' },
    select: {
      id: true,
      checkedAt: true,
      reason: true,
      detail: true,
      incomeYear: true,
      perCapitaFen: true,
      monitoringLineFen: true,
      povertyLineFen: true,
      outcome: true,
    },
  });
  const fen = (amount: bigint | null) => (amount === null ? null : Number(amount));
  return {
    measures: measures.map((m): MeasureView => ({
      measureId: m.id,
      kind: m.kind as MeasureView['kind'], // written from a MeasureView (recordMeasure)
      description: m.description,
      department: m.department,
      assignedBy: m.assignedBy,
      assignedAt: m.assignedAt.toISOString(),
    })),
    checks: checks.map(({ id, perCapitaFen, monitoringLineFen, povertyLineFen, ...c }) => ({
      checkId: id,
      ...c,
      perCapitaFen: fen(perCapitaFen),
      monitoringLineFen: fen(monitoringLineFen),
      povertyLineFen: fen(povertyLineFen),
    })),
  };
}

// ── what the activities do (each with an explicit idempotency key, so tests can call them directly) ─────────────

export async function recheckHousehold(
  db: TransactionalClient,
  overrides: readonly PovertyPolicyOverride[],
  input: { monitoringId: string; householdId: string; reason: CheckReason; detail?: string },
  key: string,
): Promise<CheckView> {
  const stored = await db.$transaction(async (tx) =>
    onceForKey(tx, 'monitoring.recheck', key, input, async () => {
      const m = await loadMonitored(tx, { id: input.monitoringId });
      if (!m) throw new Error(`monitoring ${input.monitoringId} not found`);
      const survey = await evaluateLatestSurvey(tx, m.household_id, m.village_code, overrides);
      const check = await insertCheck(tx, m.id, m.household_id, input.reason, input.detail ?? null, survey);
      await appendAudit(tx, {
        ...auditActor(systemActor),
        action: 'monitoring.checked',
        subjectType: 'household',
        subjectId: m.household_id,
        after: { monitoringId: m.id, ...check },
        reason: `${input.reason}${input.detail ? `: ${input.detail}` : ''}`,
      });
      return { status: 200, body: check };
    }),
  );
  return stored.body;
}

const auditActor = (a: { subject: string; role: string; jurisdiction: string }) => ({
  actorSubject: a.subject,
  actorRole: a.role,
  jurisdiction: a.jurisdiction,
});

/** 返贫: the period ends relapsed; the household is an applicant again (the next identification round takes it). */
export async function recordRelapse(
  db: TransactionalClient,
  input: { monitoringId: string; householdId: string; check: CheckView },
  key: string,
): Promise<void> {
  await db.$transaction(async (tx) =>
    onceForKey(tx, 'monitoring.relapse', key, input, async () => {
      const m = await loadMonitored(tx, { id: input.monitoringId });
      if (!m) throw new Error(`monitoring ${input.monitoringId} not found`);
      const rows = await tx.$queryRawUnsafe<{ relapsedAt: NonNullable<MonitoredHousehold['relapsedAt']> }[]>(
        `UPDATE monitored_household SET status = 'relapsed', relapsed_at = now(), updated_at = now() WHERE id = $1::uuid RETURNING relapsed_at AS "relapsedAt"`,
        m.id,
      );
      const before = await tx.$queryRawUnsafe<Pick<Household, 'status'>[]>(
        `SELECT status FROM household WHERE id = $1::uuid FOR UPDATE`,
        m.household_id,
      );
      // a household someone already put into a round (or registered again) stays where it is
      const back = before[0] && !['in_procedure', 'registered'].includes(before[0].status);
      if (back)
        await tx.$executeRawUnsafe(
          `UPDATE household SET status = 'applicant', updated_at = now() WHERE id = $1::uuid`,
          m.household_id,
        );
      const c = input.check;
      const reason = `人均纯收入${((c.perCapitaFen ?? 0) / 100).toFixed(2)}元低于贫困标准${((c.povertyLineFen ?? 0) / 100).toFixed(2)}元，返贫，重新纳入识别 / per-capita income below the poverty line: relapsed, back into identification`;
      await appendAudit(tx, {
        ...auditActor(systemActor),
        action: 'household.relapsed',
        subjectType: 'household',
        subjectId: m.household_id,
        before: { status: before[0]?.status, monitoring: m.status },
        after: { status: back ? 'applicant' : before[0]?.status, monitoring: 'relapsed', checkId: c.checkId },
        reason,
      });
      await addToOutbox(
        tx,
        contracts.householdRelapsed.topic,
        buildEvent(contracts.householdRelapsed, {
          aggregateId: m.household_id,
          actor: systemActor,
          payload: {
            householdId: m.household_id,
            villageCode: m.village_code,
            relapsedAt: rows[0].relapsedAt.toISOString(),
            incomeYear: c.incomeYear ?? 0,
            perCapitaFen: c.perCapitaFen ?? 0,
            povertyLineFen: c.povertyLineFen ?? 0,
            trigger: c.reason,
          },
        }),
      );
      return { status: 200, body: null };
    }),
  );
}

export async function recordMeasure(
  db: TransactionalClient,
  input: { monitoringId: string; householdId: string; measure: MeasureView; signer: MonitoringSigner },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const m = input.measure;
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO support_measure (id, monitoring_id, household_id, kind, description, department, assigned_by, assigned_at)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, $8::timestamptz) ON CONFLICT (id) DO NOTHING`,
      m.measureId,
      input.monitoringId,
      input.householdId,
      m.kind,
      m.description,
      m.department,
      m.assignedBy,
      m.assignedAt,
    );
    if (inserted === 0) return; // a retry: recorded already
    // 待办: the first measure ends the wait for one (ADR 0019)
    await tx.$executeRawUnsafe(
      `UPDATE monitored_household SET step = 'assisted', step_since = $2::timestamptz, escalation_times = 0,
              escalated_at = NULL, escalated_level = NULL, escalated_role = NULL
        WHERE id = $1::uuid AND step = 'measure'`,
      input.monitoringId,
      m.assignedAt,
    );
    await appendAudit(tx, {
      ...auditActor(actorOfSigner(input.signer)),
      action: 'monitoring.measure.assigned',
      subjectType: 'household',
      subjectId: input.householdId,
      after: { monitoringId: input.monitoringId, measureId: m.measureId, kind: m.kind, department: m.department },
      reason: m.description,
    });
  });
}

const LEVEL_LABELS: Record<EscalationLevel, string> = { village: '村级', township: '乡镇', county: '县级' };

export async function recordEscalation(
  db: TransactionalClient,
  input: { monitoringId: string; householdId: string; level: EscalationLevel; due: string },
  key: string,
): Promise<void> {
  await db.$transaction(async (tx) =>
    onceForKey(tx, 'monitoring.escalation', key, input, async () => {
      // 待办: the rung reached, on the period's step mirror while no measure is recorded (ADR 0019)
      const miss = measureMiss(input.level);
      await tx.$executeRawUnsafe(
        `UPDATE monitored_household SET escalation_times = $2, escalated_at = now(), escalated_level = $3, escalated_role = $4
          WHERE id = $1::uuid AND step = 'measure'`,
        input.monitoringId,
        miss.times,
        miss.level,
        miss.role,
      );
      await appendAudit(tx, {
        ...auditActor(systemActor),
        action: 'monitoring.measure.overdue',
        subjectType: 'household',
        subjectId: input.householdId,
        after: { monitoringId: input.monitoringId, escalatedTo: input.level, due: input.due },
        reason: `帮扶措施逾期未落实（应于${input.due}前），督办至${LEVEL_LABELS[input.level]} / no support measure by ${input.due}: escalated to the ${input.level}`,
      });
      return { status: 200, body: null };
    }),
  );
}

/**
 * 逾期督办 of a risk clearing's signed stage (the township's answers, the county's approval): an audit record naming the
 * stage, the rung and who is alerted, in the household's village (its county's auditors read it). Once per `key`.
 */
export async function recordClearingEscalation(
  db: TransactionalClient,
  input: { monitoringId: string; householdId: string; villageCode: string } & ClearingEscalation,
  key: string,
): Promise<void> {
  const { monitoringId, householdId, villageCode, stage, escalation, due } = input;
  await db.$transaction(async (tx) =>
    onceForKey(tx, 'monitoring.clearing_escalation', key, input, async () => {
      await appendAudit(
        tx,
        {
          ...auditActor({ ...systemActor, jurisdiction: villageCode }),
          action: `monitoring.clearing.${stage}.deadline_missed`,
          subjectType: 'household',
          subjectId: householdId,
          after: { monitoringId, stage, due, escalation: { ...escalation.to, times: escalation.times } },
          reason: escalationReason(CLEARING_STAGE_LABELS[stage], escalation),
        },
        new Date(escalation.at),
      );
      return { status: 200, body: null };
    }),
  );
}

/** Facts for mayClearRisk: stable months from the period's checks, labour (a member whose ability is known and not lost/none), measures. */
export async function clearingFacts(
  db: SqlExecutor,
  input: { monitoringId: string; householdId: string },
  monthSeconds: number | null,
  now = new Date(),
): Promise<ClearingFacts> {
  const models = identificationTx(db);
  const checks = await models.monitoringCheck.findMany({
    where: { monitoringId: input.monitoringId, outcome: { not: 'no_survey' } },
    select: { checkedAt: true, outcome: true },
  });
  const labour = await models.person.count({
    where: { householdId: input.householdId, labourAbility: { not: null, notIn: ['lost', 'none'] } },
  });
  const measures = await models.supportMeasure.count({ where: { monitoringId: input.monitoringId } });
  return {
    monthsStableAboveMonitoringLine: monthsStableAboveMonitoringLine(
      checks.map((c) => ({ checkedAt: c.checkedAt.toISOString(), stable: c.outcome === 'stable' })),
      now.toISOString(),
      monthSeconds,
    ),
    hasLabour: labour > 0,
    measuresApplied: measures,
  };
}

export async function noticeHead(db: SqlExecutor, householdId: string): Promise<NoticeHead> {
  const rows = await db.$queryRawUnsafe<
    (Pick<Person, 'name' | 'idNumber'> & Pick<Household, 'phone'> & { members: number })[]
  >(
    `SELECT p.name, p.id_number AS "idNumber", h.phone, (SELECT count(*)::int FROM person x WHERE x.household_id = h.id) AS members
       FROM household h JOIN person p ON p.household_id = h.id WHERE h.id = $1::uuid ORDER BY p.relation <> '户主', p.id_number LIMIT 1`,
    householdId,
  );
  if (!rows[0]) throw new Error(`household ${householdId} has no members`);
  return {
    headName: rows[0].name,
    headIdNumber: rows[0].idNumber,
    ...(rows[0].phone ? { phone: rows[0].phone } : {}),
    memberCount: rows[0].members,
  };
}

export async function recordClearing(
  db: TransactionalClient,
  input: {
    monitoringId: string;
    householdId: string;
    event: 'proposed' | 'withdrawn' | 'objection_answered' | 'rejected' | 'cleared';
    signer: MonitoringSigner | null;
    reason: string;
    detail?: unknown;
  },
  key: string,
): Promise<void> {
  await db.$transaction(async (tx) =>
    onceForKey(tx, 'monitoring.clearing', key, input, async () => {
      const status =
        input.event === 'proposed'
          ? 'clearing'
          : input.event === 'cleared'
            ? 'cleared'
            : input.event === 'objection_answered'
              ? null
              : 'monitoring';
      const rows = status
        ? await tx.$queryRawUnsafe<Pick<MonitoredHousehold, 'villageCode' | 'clearedAt'>[]>(
            `UPDATE monitored_household SET status = $2, cleared_at = CASE WHEN $2 = 'cleared' THEN now() ELSE cleared_at END, updated_at = now()
              WHERE id = $1::uuid RETURNING village_code AS "villageCode", cleared_at AS "clearedAt"`,
            input.monitoringId,
            status,
          )
        : [];
      const actor = actorOfSigner(input.signer);
      await appendAudit(tx, {
        ...auditActor(actor),
        action: `monitoring.clearing.${input.event}`,
        subjectType: 'household',
        subjectId: input.householdId,
        after: {
          monitoringId: input.monitoringId,
          ...(status ? { status } : {}),
          ...(input.detail !== undefined ? { detail: input.detail } : {}),
        },
        reason: input.reason,
      });
      if (input.event === 'cleared' && rows[0]) {
        await addToOutbox(
          tx,
          contracts.householdRiskCleared.topic,
          buildEvent(contracts.householdRiskCleared, {
            aggregateId: input.householdId,
            actor,
            payload: {
              householdId: input.householdId,
              villageCode: rows[0].villageCode,
              clearedAt: rows[0].clearedAt!.toISOString(),
              approvedBy: actor.subject,
            },
          }),
        );
      }
      return { status: 200, body: null };
    }),
  );
}

/** Person → household → its active monitoring period (for a settled medical claim). */
export async function activeMonitoringOfPerson(
  db: SqlExecutor,
  idNumber: string,
): Promise<{ householdId: string; workflowId: string } | null> {
  const rows = await db.$queryRawUnsafe<Pick<MonitoredHousehold, 'householdId' | 'workflowId'>[]>(
    `SELECT m.household_id::text AS "householdId", m.workflow_id AS "workflowId" FROM person p JOIN monitored_household m ON m.household_id = p.household_id
      WHERE p.id_number = $1 AND m.status = ANY($2::text[]) LIMIT 1`,
    idNumber,
    [...ACTIVE_STATUSES],
  );
  return rows[0] ? { householdId: rows[0].householdId, workflowId: rows[0].workflowId } : null;
}
