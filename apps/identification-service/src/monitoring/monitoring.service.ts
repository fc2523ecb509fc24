import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import {
  assignMeasureUpdate,
  clearingActionUpdate,
  monitoringStateQuery,
  proposeClearingUpdate,
  relapseMonitoringWorkflow,
  riskEventSignal,
  type MonitoringView,
} from '@fupin/identification-workflows';
import type { Logger } from '@fupin/observability';
import { DomainError, InjectConfig, InjectLogger, InjectWorkflows, type Workflows } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import type { IdentificationConfig } from '../config';
import { divisionQuery, signedUpdate, signerOf } from '../procedure-http';
import { ACTIVE_STATUSES, type MonitoredRow, MonitoringRepository, workflowInput } from './monitoring.repository';
import type { ClearingActionInput, EntryInput, EventInput, MeasureInput } from './monitoring.schema';

/** 防止返贫监测: entry, support measures, risk events, re-checks, risk clearing — one workflow per household. */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly monitoring: MonitoringRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: IdentificationConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** 纳入监测 (once per key), decided on the latest survey; the household's workflow started while it is active. */
  async enter(principal: Principal, input: EntryInput, idempotencyKey: string) {
    assertJurisdiction(principal, await this.monitoring.villageOf(input.householdId), 'householdId');
    const actor = {
      subject: principal.subject,
      role: principal.role,
      jurisdiction: principalJurisdictionLabel(principal),
    };
    const result = await this.monitoring.enter(input, actor, idempotencyKey, this.config.policyOverrides);
    const entry = result.body;
    const row = await this.monitoring.load({ id: entry.monitoringId });
    if (row && (ACTIVE_STATUSES as readonly string[]).includes(row.status)) {
      try {
        await this.workflows.temporal.workflow.start(relapseMonitoringWorkflow, {
          taskQueue: TaskQueues.orchestration,
          workflowId: row.workflow_id,
          args: [workflowInput(row, this.config.monitoring, entry.belowPovertyLine)],
        });
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e; // a retried request: already running
      }
    }
    return result;
  }

  async list(principal: Principal, division: string | undefined) {
    const code = divisionQuery(division);
    assertJurisdiction(principal, code, 'division');
    return { division: code, households: await this.monitoring.list(code) };
  }

  /** The register's records of the period and, while its workflow answers, the deadlines it holds. */
  async get(principal: Principal, householdId: string) {
    const row = await this.monitored(householdId, principal, false);
    const records = await this.monitoring.records(row.id);
    const state = await this.liveState(row);
    return {
      monitoringId: row.id,
      householdId: row.household_id,
      villageCode: row.village_code,
      categories: row.categories,
      triggers: row.triggers,
      entryFigures: row.entry_figures,
      status: row.status,
      enteredAt: row.entered_at,
      enteredBy: row.entered_by,
      workflowId: row.workflow_id,
      clearedAt: row.cleared_at,
      relapsedAt: row.relapsed_at,
      measures: records.measures,
      checks: records.checks,
      measureDeadline: state?.measureDeadline ?? null,
      nextRecheckAt: state?.nextRecheckAt ?? null,
      clearing: state?.clearing ?? null,
      clearingDeadline: state?.clearingDeadline ?? null,
      workflowRuns: state?.runs ?? null,
    };
  }

  /** 帮扶措施: assigned through the workflow (a department officer's own department unless named). */
  async assignMeasure(principal: Principal, householdId: string, input: MeasureInput) {
    const row = await this.monitored(householdId, principal);
    const department =
      input.department ??
      (principal.jurisdiction.kind === 'department' ? principal.jurisdiction.department : undefined);
    return signedUpdate(this.workflows, row.workflow_id, assignMeasureUpdate, {
      ...input,
      ...(department ? { department } : {}),
      signer: signerOf(principal),
    });
  }

  /** A risk event wakes the workflow for a re-check; of the departments, only civil affairs reports disasters. */
  async reportEvent(principal: Principal, householdId: string, input: EventInput) {
    if (
      principal.role === 'department_officer' &&
      (principal.jurisdiction.kind !== 'department' ||
        principal.jurisdiction.department !== 'civil_affairs' ||
        input.kind !== 'disaster')
    ) {
      throw new DomainError(403, 'monitoring.department', {
        'zh-CN': '部门只有民政部门可以报告灾情',
        en: 'of the departments, only civil affairs reports disasters',
      });
    }
    const row = await this.monitored(householdId, principal);
    await this.workflows.temporal.workflow
      .getHandle(row.workflow_id)
      .signal(riskEventSignal, { ...input, reportedBy: principal.subject });
    return { householdId, monitoringId: row.id, accepted: input.kind };
  }

  async proposeClearing(principal: Principal, householdId: string): Promise<MonitoringView> {
    const row = await this.monitored(householdId, principal);
    return signedUpdate(this.workflows, row.workflow_id, proposeClearingUpdate, { signer: signerOf(principal) });
  }

  async clearingAction(principal: Principal, householdId: string, input: ClearingActionInput) {
    const row = await this.monitored(householdId, principal);
    return signedUpdate(this.workflows, row.workflow_id, clearingActionUpdate, {
      ...input,
      signer: signerOf(principal),
    });
  }

  /** The household's monitoring period inside the caller's jurisdiction; 404 unless active (or any, with `active` false). */
  private async monitored(householdId: string, principal: Principal, active = true): Promise<MonitoredRow> {
    assertJurisdiction(principal, await this.monitoring.villageOf(householdId), 'householdId');
    const row = await this.monitoring.load({ householdId });
    if (!row || (active && !(ACTIVE_STATUSES as readonly string[]).includes(row.status))) {
      throw new DomainError(
        404,
        'monitoring.not_monitored',
        { 'zh-CN': `户 ${householdId} 不在监测中`, en: `household ${householdId} is not monitored` },
        'householdId',
        row ? { status: row.status } : undefined,
      );
    }
    return row;
  }

  /** The workflow's view of this period; null when it does not answer or is an earlier period's. */
  private async liveState(row: MonitoredRow): Promise<MonitoringView | null> {
    try {
      const state = await this.workflows.temporal.workflow.getHandle(row.workflow_id).query(monitoringStateQuery);
      return state.monitoringId === row.id ? state : null; // an earlier period's workflow
    } catch (e) {
      this.logger.warn({ err: e, workflowId: row.workflow_id }, 'monitoring query failed');
      return null;
    }
  }
}
