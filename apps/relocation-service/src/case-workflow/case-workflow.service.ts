import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { type RelocationPlan, resolveRelocationPolicy } from '@fupin/relocation-rules';
import {
  type RelocationCaseInput,
  type RelocationCaseView,
  relocationCaseStateQuery,
  relocationCaseWorkflow,
  withdrawUpdate,
} from '@fupin/relocation-workflows';
import { InjectConfig, InjectWorkflows, ProcedureWorkflow, type Workflows } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import type { RelocationConfig } from '../config';
import { caseRefusals, ruleRefusal } from '../cases/case.refusals';
import { CaseService } from '../cases/case.service';
import { type CaseView, MOVED_IN } from '../cases/case.schema';
import { CLOSED_STATUSES, CaseWorkflowRepository, type SubmissionRow } from './case-workflow.repository';
import { caseWorkflowRefusals } from './case-workflow.refusals';

/** Statuses of a case whose workflow has not started (the plan not submitted), or ended before it. */
const BEFORE_WORKFLOW: readonly string[] = ['consented', 'planned', 'withdrawn'];

/** The signer as the workflow records it (谁签字谁负责). */
const signerOf = (p: Principal) => ({
  subject: p.subject,
  role: p.role,
  jurisdiction: p.jurisdiction,
  ...(p.name ? { name: p.name } : {}),
});

/**
 * 搬迁流程: the plan submitted starts the case's workflow (`relocation-case:<householdId>`); every later signature is
 * an update of it, refused in the user's terms by its validator; the case row follows through its activities.
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    private readonly cases: CaseService,
    private readonly submissions: CaseWorkflowRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: RelocationConfig,
  ) {}

  /** 报审: the village cadre submits the planned case; its workflow starts (once) and the plan is frozen. */
  async submit(principal: Principal, id: string): Promise<CaseView> {
    const current = await this.cases.get(principal, id);
    if (current.plan === null && current.status !== 'withdrawn') throw caseWorkflowRefusals.noPlan(id);
    await this.submissions.transaction(async (tx) => {
      const c = await this.submissions.lockSubmission(tx, id);
      if (!c) throw caseRefusals.notFound(id);
      if (c.status !== 'planned') {
        if (c.status === 'submitted' || c.step !== null) return; // submitted before: the same answer
        throw CLOSED_STATUSES.includes(c.status)
          ? caseWorkflowRefusals.closed(id, c.status)
          : caseWorkflowRefusals.noPlan(id);
      }
      // started under the row lock: the plan cannot change meanwhile; a retry finds the workflow running
      const input = this.workflowInput(principal, c);
      await this.procedure(c.workflowId).start(relocationCaseWorkflow, input);
      await this.submissions.markSubmitted(tx, id, 'township_review', 2, input.planSubmittedAt);
    });
    return this.cases.get(principal, id);
  }

  /** A signed step (review, milestone, tranche approval, move-in, reclamation, follow-up) sent to the workflow. */
  async act<A extends { signer?: unknown }>(
    principal: Principal,
    id: string,
    update: UpdateDefinition<RelocationCaseView, [A]>,
    input: Omit<A, 'signer'>,
  ): Promise<CaseView> {
    const c = await this.submitted(principal, id);
    await this.procedure(c.workflowId).update(update, { ...input, signer: signerOf(principal) } as A);
    return this.cases.get(principal, id);
  }

  /** 退出搬迁 until move-in: before submission on the case row alone, after it through the workflow. */
  async withdraw(principal: Principal, id: string, reason: string): Promise<CaseView> {
    const c = await this.cases.get(principal, id);
    if (c.status === 'refused') throw caseWorkflowRefusals.closed(id, c.status);
    // before submission, and the refusals (withdrawn before, moved in) the case row alone decides
    if (BEFORE_WORKFLOW.includes(c.status) || MOVED_IN.includes(c.status))
      return this.cases.withdraw(principal, id, reason);
    return this.act(principal, id, withdrawUpdate, { reason });
  }

  /** The live procedure: step, who acts next and until when, tranches, the signed history. */
  async procedureOf(principal: Principal, id: string): Promise<RelocationCaseView> {
    const c = await this.submitted(principal, id);
    return this.procedure(c.workflowId).query(relocationCaseStateQuery);
  }

  private async submitted(principal: Principal, id: string): Promise<CaseView> {
    const c = await this.cases.get(principal, id);
    assertJurisdiction(principal, c.villageCode);
    // withdrawn: before submission its workflow never ran (Temporal answers not running), after it the history stays
    if (c.status === 'consented' || c.status === 'planned') throw caseWorkflowRefusals.notSubmitted(id, c.status);
    return c;
  }

  private procedure(workflowId: string): ProcedureWorkflow {
    return new ProcedureWorkflow(this.workflows, workflowId, TaskQueues.orchestration);
  }

  private workflowInput(principal: Principal, c: SubmissionRow): RelocationCaseInput {
    const monetary = c.mode === 'monetary';
    const year = c.plannedAt.getUTCFullYear();
    const resolved = resolveRelocationPolicy(this.config.relocation.policies, c.countyCode.slice(0, 2), year);
    if (!resolved.ok) throw ruleRefusal(resolved.refusal);
    return {
      caseId: c.id,
      householdId: c.householdId,
      villageCode: c.villageCode,
      consent: c.consent,
      // POST /cases is the village cadre's (its audit record holds the rest of the signature)
      consentRecordedBy: { subject: c.createdBy, role: 'village_cadre', jurisdiction: c.villageCode },
      consentRecordedAt: c.createdAt.toISOString(),
      plan: {
        mode: c.mode as RelocationPlan['mode'],
        siteCode: c.siteCode,
        placement: c.placement as RelocationPlan['placement'],
        areaM2: monetary ? null : c.areaM2,
        persons: c.persons,
        maxM2PerPerson: this.config.relocation.maxM2PerPerson,
        subsidyFen: c.subsidyFen,
        ...(monetary ? {} : { tranchePlan: resolved.policy.tranchePlan }),
      },
      planSubmittedBy: signerOf(principal),
      planSubmittedAt: new Date().toISOString(),
      config: this.config.relocation.caseDeadlines,
    };
  }
}
