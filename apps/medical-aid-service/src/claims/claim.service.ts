import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import { validateClaim } from '@fupin/medical-aid-rules';
import { DomainError, InjectConfig, InjectWorkflows, type Workflows, violationsError } from '@fupin/service-kit';
import {
  TaskQueues,
  claimStateQuery,
  medicalClaimWorkflow,
  medicalClaimWorkflowId,
  reviewClaimUpdate,
} from '@fupin/workflows';
import type { MedicalAidConfig } from '../config';
import { ClaimRepository, type ClaimViewRow } from './claim.repository';
import type { ClaimInput, ReviewInput } from './claim.schema';

/** An amount in fen (a BigInt column) as a JSON number; null stays null. */
const n = (v: bigint | null) => (v === null ? null : Number(v));

const signerOf = (principal: Principal) => ({
  subject: principal.subject,
  role: principal.role,
  jurisdiction: principalJurisdictionLabel(principal),
});

/** 报销: the use cases of a claim — enter it (its workflow does the rest), read it, review it. */
@Injectable()
export class ClaimService {
  constructor(
    private readonly claims: ClaimRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: MedicalAidConfig,
  ) {}

  /** Entered inside the officer's county, figures judged by the rules; the claim's workflow starts (once by id). */
  async enter(principal: Principal, input: ClaimInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const problems = validateClaim({
      totalCost: input.totalCost,
      inPolicyCost: input.inPolicyCost,
      level: input.level,
      inCounty: input.inCounty,
    });
    if (problems.length) throw violationsError(problems);
    const result = await this.claims.enter(input, signerOf(principal), idempotencyKey);
    const claimId = result.body.id;
    try {
      await this.workflows.temporal.workflow.start(medicalClaimWorkflow, {
        taskQueue: TaskQueues.orchestration,
        workflowId: medicalClaimWorkflowId(claimId),
        args: [{ claimId, countyCode: input.countyCode, reviewTimeoutMs: this.config.claimReview.timeoutMs }],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
    return result;
  }

  async get(principal: Principal, id: string) {
    const c = await this.load(principal, id);
    const workflow = await this.workflows.temporal.workflow
      .getHandle(c.workflowId)
      .query(claimStateQuery)
      .catch(() => null);
    return {
      id: c.id,
      idNumber: c.idNumber,
      countyCode: c.countyCode,
      hospital: c.hospital,
      status: c.status,
      registeredPoor: c.registeredPoor,
      noDeposit: c.noDeposit,
      totalCost: Number(c.totalCost),
      inPolicyCost: Number(c.inPolicyCost),
      settlement:
        c.basic === null
          ? null
          : {
              basic: n(c.basic),
              critical: n(c.critical),
              assistance: n(c.assistance),
              backstop: n(c.backstop),
              patientPays: n(c.patientPays),
            },
      review: c.review,
      reason: c.reason,
      paymentRef: c.paymentRef,
      workflow,
    };
  }

  /** The review goes to the claim's workflow, which accepts it only while it awaits one. */
  async review(principal: Principal, id: string, input: ReviewInput) {
    const c = await this.load(principal, id);
    try {
      return await this.workflows.temporal.workflow.getHandle(c.workflowId).executeUpdate(reviewClaimUpdate, {
        args: [{ ...input, signer: signerOf(principal) }],
      });
    } catch (e) {
      if (e instanceof WorkflowUpdateFailedError) {
        throw new DomainError(409, 'claim.not_awaiting_review', {
          'zh-CN': '该报销单不在待审核状态',
          en: (e.cause as Error | undefined)?.message ?? 'not awaiting review',
        });
      }
      throw e;
    }
  }

  private async load(principal: Principal, id: string): Promise<ClaimViewRow> {
    const claim = await this.claims.find(id);
    if (!claim)
      throw new DomainError(
        404,
        'claim.not_found',
        { 'zh-CN': `未找到报销单 ${id}`, en: `Claim ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, claim.countyCode);
    return claim;
  }
}
