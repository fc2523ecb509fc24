import { randomUUID } from 'node:crypto';
import { Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Response } from 'express';
import { z } from 'zod';
import { appendAudit } from '@fupin/audit';
import { Allow, CurrentPrincipal, assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import { HOSPITAL_LEVELS, validateClaim } from '@fupin/medical-aid-rules';
import { onceForKey } from '@fupin/persistence';
import {
  DomainError,
  SERVICE_RUNTIME,
  type ServiceRuntime,
  ZodBody,
  requireIdempotencyKey,
  violationsError,
  bilingual,
} from '@fupin/service-kit';
import {
  TaskQueues,
  claimStateQuery,
  medicalClaimWorkflow,
  medicalClaimWorkflowId,
  reviewClaimUpdate,
} from '@fupin/workflows';
import type { MedicalAidConfig } from '../config';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('须为 YYYY-MM-DD 格式的日期', 'must be YYYY-MM-DD'));
const claimBody = z
  .object({
    idNumber: z
      .string()
      .regex(/^\d{17}[\dX]$/, bilingual('须为18位居民身份证号码', 'must be an 18-character resident ID number')),
    countyCode: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
    hospital: z.string().trim().min(1).max(200),
    admittedOn: date,
    dischargedOn: date,
    totalCost: z.number(),
    inPolicyCost: z.number(),
    level: z.enum(HOSPITAL_LEVELS),
    inCounty: z.boolean(),
  })
  .strict()
  .refine((b) => b.admittedOn <= b.dischargedOn, {
    message: 'must not be after the discharge date',
    path: ['admittedOn'],
  });

const reviewBody = z
  .object({
    outcome: z.enum(['approved', 'rejected']),
    reason: z.string().trim().min(1, bilingual('须写明理由', 'a reason is required')).max(1000),
  })
  .strict();

const medicalOfficer = { role: 'department_officer', department: 'medical_aid' } as const;

interface ClaimView {
  id: string;
  id_number: string;
  county_code: string;
  hospital: string;
  status: string;
  registered_poor: boolean;
  no_deposit: boolean;
  total_cost: string;
  in_policy_cost: string;
  basic: string | null;
  critical: string | null;
  assistance: string | null;
  backstop: string | null;
  patient_pays: string | null;
  review: string | null;
  reason: string | null;
  payment_ref: string | null;
  workflow_id: string;
}

const n = (v: string | null) => (v === null ? null : Number(v));

/** 报销: claims from discharge to payment, each run by its own workflow. */
@ApiTags('claims 医疗报销')
@ApiBearerAuth()
@Controller('claims')
export class ClaimController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<MedicalAidConfig>) {}

  @Post()
  @ApiOperation({
    summary: 'Enter a claim at discharge (amounts in fen); it is checked, settled, reviewed when selected, and paid',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow(medicalOfficer)
  async enter(
    @ZodBody(claimBody) input: z.output<typeof claimBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const problems = validateClaim({
      totalCost: input.totalCost,
      inPolicyCost: input.inPolicyCost,
      level: input.level,
      inCounty: input.inCounty,
    });
    if (problems.length) throw violationsError(problems);
    const result = await this.runtime.db.$transaction(async (tx) =>
      onceForKey(tx, 'claim.enter', idempotencyKey, input, async () => {
        const id = randomUUID();
        await tx.$executeRawUnsafe(
          `INSERT INTO claim (id, id_number, county_code, hospital, admitted_on, discharged_on, total_cost, in_policy_cost, level, in_county, status, workflow_id, entered_by)
           VALUES ($1::uuid, $2, $3, $4, $5::date, $6::date, $7, $8, $9, $10, 'entered', $11, $12)`,
          id,
          input.idNumber,
          input.countyCode,
          input.hospital,
          input.admittedOn,
          input.dischargedOn,
          input.totalCost,
          input.inPolicyCost,
          input.level,
          input.inCounty,
          medicalClaimWorkflowId(id),
          principal.subject,
        );
        await appendAudit(tx, {
          actorSubject: principal.subject,
          actorRole: principal.role,
          jurisdiction: principalJurisdictionLabel(principal),
          action: 'claim.enter',
          subjectType: 'claim',
          subjectId: id,
          after: input,
          reason: 'entered at discharge',
        });
        return { status: 202, body: { id, status: 'entered' } };
      }),
    );
    const claimId = (result.body as { id: string }).id;
    try {
      await this.runtime.temporal.workflow.start(medicalClaimWorkflow, {
        taskQueue: TaskQueues.orchestration,
        workflowId: medicalClaimWorkflowId(claimId),
        args: [{ claimId, countyCode: input.countyCode, reviewTimeoutMs: this.runtime.config.claimReview.timeoutMs }],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  private async load(id: string, principal: Principal): Promise<ClaimView> {
    const rows = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.runtime.db.$queryRawUnsafe<ClaimView[]>(
          `SELECT id::text, id_number, county_code, hospital, status, registered_poor, no_deposit, total_cost::text, in_policy_cost::text, basic::text, critical::text,
                assistance::text, backstop::text, patient_pays::text, review, reason, payment_ref, workflow_id FROM claim WHERE id = $1::uuid`,
          id,
        )
      : [];
    if (!rows[0])
      throw new DomainError(
        404,
        'claim.not_found',
        { 'zh-CN': `未找到报销单 ${id}`, en: `Claim ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, rows[0].county_code);
    return rows[0];
  }

  @Get(':id')
  @ApiOperation({ summary: 'A claim: status, the five figures once settled, review, payment, and its workflow state' })
  @Allow(medicalOfficer, { role: 'auditor' }, { role: 'county_approver' }, { role: 'workflow_operator' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const c = await this.load(id, principal);
    const workflow = await this.runtime.temporal.workflow
      .getHandle(c.workflow_id)
      .query(claimStateQuery)
      .catch(() => null);
    return {
      id: c.id,
      idNumber: c.id_number,
      countyCode: c.county_code,
      hospital: c.hospital,
      status: c.status,
      registeredPoor: c.registered_poor,
      noDeposit: c.no_deposit,
      totalCost: Number(c.total_cost),
      inPolicyCost: Number(c.in_policy_cost),
      settlement:
        c.basic === null
          ? null
          : {
              basic: n(c.basic),
              critical: n(c.critical),
              assistance: n(c.assistance),
              backstop: n(c.backstop),
              patientPays: n(c.patient_pays),
            },
      review: c.review,
      reason: c.reason,
      paymentRef: c.payment_ref,
      workflow,
    };
  }

  @Post(':id/review')
  @ApiOperation({ summary: 'Manual review of a selected claim by a medical officer of its county (reason required)' })
  @Allow(medicalOfficer)
  async review(
    @Param('id') id: string,
    @ZodBody(reviewBody) input: z.output<typeof reviewBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const c = await this.load(id, principal);
    try {
      return await this.runtime.temporal.workflow.getHandle(c.workflow_id).executeUpdate(reviewClaimUpdate, {
        args: [
          {
            ...input,
            signer: {
              subject: principal.subject,
              role: principal.role,
              jurisdiction: principalJurisdictionLabel(principal),
            },
          },
        ],
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
}
