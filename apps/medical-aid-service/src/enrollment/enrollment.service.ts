import { Injectable } from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import { DomainError, InjectWorkflows, type Workflows, parseBody } from '@fupin/service-kit';
import { decideEnrollmentUpdate, enrollmentStateQuery, medicalEnrollmentWorkflowId } from '@fupin/workflows';
import { EnrollmentRepository, type EnrollmentRow } from './enrollment.repository';
import { type DecisionInput, householdIdParam } from './enrollment.schema';

/** 参保确认: reading a household's enrollment and a county officer's decision (through its workflow). */
@Injectable()
export class EnrollmentService {
  constructor(
    private readonly enrollments: EnrollmentRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
  ) {}

  async get(principal: Principal, householdId: string) {
    const row = await this.load(householdId);
    assertJurisdiction(principal, row.villageCode);
    const handle = this.workflows.temporal.workflow.getHandle(medicalEnrollmentWorkflowId(row.householdId));
    const workflow = await handle.query(enrollmentStateQuery).catch(() => null);
    return {
      householdId: row.householdId,
      villageCode: row.villageCode,
      status: row.status,
      decidedBy: row.decidedBy,
      reason: row.reason,
      updatedAt: row.updatedAt.toISOString(),
      workflow,
    };
  }

  /** An officer of the household's county decides a pending enrollment; the workflow records it (once). */
  async decide(principal: Principal, householdId: string, decision: DecisionInput) {
    const row = await this.load(householdId);
    assertJurisdiction(principal, row.countyCode);
    if (row.status !== 'pending') {
      throw new DomainError(409, 'enrollment.already_decided', {
        'zh-CN': `该户参保确认已是「${row.status}」状态`,
        en: `Enrollment is already ${row.status}`,
      });
    }
    const handle = this.workflows.temporal.workflow.getHandle(medicalEnrollmentWorkflowId(row.householdId));
    try {
      const signer = {
        subject: principal.subject,
        role: principal.role,
        jurisdiction: principalJurisdictionLabel(principal),
      };
      const state = await handle.executeUpdate(decideEnrollmentUpdate, { args: [{ ...decision, signer }] });
      return { householdId: row.householdId, status: state.step, workflow: state };
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

  private async load(householdId: string): Promise<EnrollmentRow> {
    const id = parseBody(householdIdParam, householdId, 'householdId');
    const row = await this.enrollments.find(id);
    if (!row)
      throw new DomainError(
        404,
        'enrollment.not_found',
        { 'zh-CN': `未找到户 ${id} 的参保确认`, en: `No enrollment for household ${id}` },
        'householdId',
      );
    return row;
  }
}
