import { Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow, CurrentPrincipal, assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import { MONITORING_CATEGORIES, type MonitoringCategory } from '@fupin/exit-rules';
import {
  MEASURE_KINDS,
  assignMeasureUpdate,
  clearingActionUpdate,
  monitoringStateQuery,
  proposeClearingUpdate,
  relapseMonitoringWorkflow,
  riskEventSignal,
  type MeasureKind,
} from '@fupin/identification-workflows';
import {
  DomainError,
  SERVICE_RUNTIME,
  type ServiceRuntime,
  ZodBody,
  requireIdempotencyKey,
  bilingual,
} from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import type { IdentificationConfig } from '../config';
import { OFFICIALS, divisionQuery, signedUpdate, signerOf, ApiDivisionQuery } from '../procedure-http';
import { householdVillage } from '../surveys/survey.repository';
import {
  ACTIVE_STATUSES,
  type EntryResult,
  type MonitoredRow,
  enterMonitoring,
  listMonitored,
  loadMonitored,
  monitoringRecords,
  workflowInput,
} from './monitoring.repository';

const entryBody = z
  .object({
    householdId: z.uuid(),
    categories: z
      .array(z.enum(MONITORING_CATEGORIES as unknown as [MonitoringCategory, ...MonitoringCategory[]]))
      .max(3)
      .optional(),
  })
  .strict();

const measureBody = z
  .object({
    kind: z.enum(MEASURE_KINDS as unknown as [MeasureKind, ...MeasureKind[]]),
    description: z.string().trim().min(1, bilingual('须描述帮扶措施', 'describe the measure')).max(2000),
    department: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

const eventBody = z
  .object({
    kind: z.enum(['disaster', 'survey']),
    detail: z.string().trim().min(1, bilingual('须说明发生了什么', 'say what happened')).max(2000),
  })
  .strict();

const clearingActionBody = z
  .object({
    action: z.enum(['answer_objection', 'approve', 'reject']),
    objectionId: z.uuid().optional(),
    outcome: z.enum(['upheld', 'dismissed']).optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();

const readers = [
  ...OFFICIALS,
  { role: 'department_officer' },
  { role: 'auditor' },
  { role: 'workflow_operator' },
] as const;

/** 防止返贫监测: entry, support measures, risk events, re-checks, risk clearing — one workflow per household. */
@ApiTags('relapse monitoring 防止返贫监测')
@ApiBearerAuth()
@Controller('monitoring')
export class MonitoringController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<IdentificationConfig>) {}

  private async monitored(householdId: string, principal: Principal, active = true): Promise<MonitoredRow> {
    assertJurisdiction(principal, await householdVillage(this.runtime.db, householdId), 'householdId');
    const row = await loadMonitored(this.runtime.db, { householdId });
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

  @Post()
  @ApiOperation({
    summary:
      'Put a household under relapse monitoring (纳入监测): decided on its latest income survey; refused with the reasons when it does not qualify',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow(...OFFICIALS)
  async enter(
    @ZodBody(entryBody) input: z.output<typeof entryBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    assertJurisdiction(principal, await householdVillage(this.runtime.db, input.householdId), 'householdId');
    const actor = {
      subject: principal.subject,
      role: principal.role,
      jurisdiction: principalJurisdictionLabel(principal),
    };
    const result = await enterMonitoring(
      this.runtime.db,
      input,
      actor,
      idempotencyKey,
      this.runtime.config.policyOverrides,
    );
    const entry = result.body as EntryResult;
    const row = await loadMonitored(this.runtime.db, { id: entry.monitoringId });
    if (row && (ACTIVE_STATUSES as readonly string[]).includes(row.status)) {
      try {
        await this.runtime.temporal.workflow.start(relapseMonitoringWorkflow, {
          taskQueue: TaskQueues.orchestration,
          workflowId: row.workflow_id,
          args: [workflowInput(row, this.runtime.config.monitoring, entry.belowPovertyLine)],
        });
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e; // a retried request: already running
      }
    }
    res.status(result.replayed ? 200 : result.status).json(entry);
  }

  @Get()
  @ApiOperation({ summary: 'Monitored households inside a division (county, township or village code), newest first' })
  @Allow(...readers)
  @ApiDivisionQuery()
  async list(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    const code = divisionQuery(division);
    assertJurisdiction(principal, code, 'division');
    return { division: code, households: await listMonitored(this.runtime.db, code) };
  }

  @Get(':householdId')
  @ApiOperation({
    summary:
      "A household's monitoring: status, categories, measures and their deadline/escalation, re-checks, clearing",
  })
  @Allow(...readers)
  async get(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    const row = await this.monitored(householdId, principal, false);
    const records = await monitoringRecords(this.runtime.db, row.id);
    let state = null;
    try {
      state = await this.runtime.temporal.workflow.getHandle(row.workflow_id).query(monitoringStateQuery);
      if (state.monitoringId !== row.id) state = null; // an earlier period's workflow
    } catch (e) {
      this.runtime.logger.warn({ err: e, workflowId: row.workflow_id }, 'monitoring query failed');
    }
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
      workflowRuns: state?.runs ?? null,
    };
  }

  @Post(':householdId/measures')
  @ApiOperation({
    summary:
      'Assign a support measure (帮扶措施): industry, employment, medical, education, housing, social assistance, other',
  })
  @Allow(...OFFICIALS, { role: 'department_officer' })
  async measure(
    @Param('householdId') householdId: string,
    @ZodBody(measureBody) input: z.output<typeof measureBody>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const row = await this.monitored(householdId, principal);
    const department =
      input.department ??
      (principal.jurisdiction.kind === 'department' ? principal.jurisdiction.department : undefined);
    const measure = await signedUpdate(this.runtime, row.workflow_id, assignMeasureUpdate, {
      ...input,
      ...(department ? { department } : {}),
      signer: signerOf(principal),
    });
    res.status(201).json(measure);
  }

  @Post(':householdId/events')
  @ApiOperation({ summary: 'Report a risk event (a disaster, a new survey): the household is re-checked at once' })
  @Allow({ role: 'village_cadre' }, { role: 'department_officer' })
  async event(
    @Param('householdId') householdId: string,
    @ZodBody(eventBody) input: z.output<typeof eventBody>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
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
    await this.runtime.temporal.workflow
      .getHandle(row.workflow_id)
      .signal(riskEventSignal, { ...input, reportedBy: principal.subject });
    res.status(202).json({ householdId, monitoringId: row.id, accepted: input.kind });
  }

  @Post(':householdId/clearing')
  @ApiOperation({
    summary:
      'Propose risk clearing (风险消除): ≥ 6 stable months above the monitoring line, labour, a measure; then a village notice and county approval',
  })
  @Allow({ role: 'village_cadre' })
  async propose(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    const row = await this.monitored(householdId, principal);
    return signedUpdate(this.runtime, row.workflow_id, proposeClearingUpdate, { signer: signerOf(principal) });
  }

  @Post(':householdId/clearing/actions')
  @ApiOperation({
    summary: 'Answer an objection to the clearing notice (township) or approve/reject the clearing (county)',
  })
  @Allow({ role: 'township_reviewer' }, { role: 'county_approver' })
  async clearingAction(
    @Param('householdId') householdId: string,
    @ZodBody(clearingActionBody) input: z.output<typeof clearingActionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const row = await this.monitored(householdId, principal);
    return signedUpdate(this.runtime, row.workflow_id, clearingActionUpdate, { ...input, signer: signerOf(principal) });
  }
}
