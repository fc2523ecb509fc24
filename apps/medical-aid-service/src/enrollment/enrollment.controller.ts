import { Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { Allow, CurrentPrincipal, assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import { DomainError, SERVICE_RUNTIME, type ServiceRuntime, ZodBody, parseBody, bilingual } from '@fupin/service-kit';
import { decideEnrollmentUpdate, enrollmentStateQuery, medicalEnrollmentWorkflowId } from '@fupin/workflows';
import type { MedicalAidConfig } from '../config';

const decisionBody = z.object({
  outcome: z.enum(['approved', 'rejected']),
  reason: z.string().trim().min(1, bilingual('须写明理由', 'a reason is required')).max(500),
});

const householdIdParam = z.string().uuid();

const medicalOfficer = { role: 'department_officer', department: 'medical_aid' } as const;

interface EnrollmentRow {
  household_id: string;
  village_code: string;
  county_code: string;
  status: string;
  decided_by: string | null;
  reason: string | null;
  updated_at: Date;
}

@ApiTags('enrollments 参保确认')
@ApiBearerAuth()
@Controller('enrollments')
export class EnrollmentController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<MedicalAidConfig>) {}

  private async load(householdId: string): Promise<EnrollmentRow> {
    const id = parseBody(householdIdParam, householdId, 'householdId');
    const rows = await this.runtime.db.$queryRawUnsafe<EnrollmentRow[]>(
      `SELECT household_id::text, village_code, county_code, status::text AS status, decided_by, reason, updated_at FROM enrollment WHERE household_id = $1::uuid`,
      id,
    );
    if (!rows[0])
      throw new DomainError(
        404,
        'enrollment.not_found',
        { 'zh-CN': `未找到户 ${id} 的参保确认`, en: `No enrollment for household ${id}` },
        'householdId',
      );
    return rows[0];
  }

  @Get(':householdId')
  @ApiOperation({ summary: 'Enrollment status and its workflow state (current step, who must act, deadline, history)' })
  @Allow(medicalOfficer, { role: 'auditor' }, { role: 'workflow_operator' }, { role: 'county_approver' })
  async get(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    const row = await this.load(householdId);
    assertJurisdiction(principal, row.village_code);
    const handle = this.runtime.temporal.workflow.getHandle(medicalEnrollmentWorkflowId(row.household_id));
    const workflow = await handle.query(enrollmentStateQuery).catch(() => null);
    return {
      householdId: row.household_id,
      villageCode: row.village_code,
      status: row.status,
      decidedBy: row.decided_by,
      reason: row.reason,
      updatedAt: row.updated_at,
      workflow,
    };
  }

  @Post(':householdId/decision')
  @ApiOperation({ summary: 'A county medical-aid officer approves or rejects the enrollment (signed, audited)' })
  @Allow(medicalOfficer)
  async decide(
    @Param('householdId') householdId: string,
    @ZodBody(decisionBody) decision: z.output<typeof decisionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const row = await this.load(householdId);
    assertJurisdiction(principal, row.county_code);
    if (row.status !== 'pending') {
      throw new DomainError(409, 'enrollment.already_decided', {
        'zh-CN': `该户参保确认已是「${row.status}」状态`,
        en: `Enrollment is already ${row.status}`,
      });
    }
    const handle = this.runtime.temporal.workflow.getHandle(medicalEnrollmentWorkflowId(row.household_id));
    try {
      const state = await handle.executeUpdate(decideEnrollmentUpdate, {
        args: [
          {
            ...decision,
            signer: {
              subject: principal.subject,
              role: principal.role,
              jurisdiction: principalJurisdictionLabel(principal),
            },
          },
        ],
      });
      return { householdId: row.household_id, status: state.step, workflow: state };
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError) {
        throw new DomainError(409, 'enrollment.already_decided', {
          'zh-CN': '该户参保确认已处理',
          en: (e.cause as Error | undefined)?.message ?? 'already decided',
        });
      }
      throw e;
    }
  }
}
