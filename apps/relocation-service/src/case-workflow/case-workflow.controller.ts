import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import {
  approveTrancheUpdate,
  followUpUpdate,
  milestoneUpdate,
  moveInUpdate,
  reclaimedUpdate,
  reviewUpdate,
} from '@fupin/relocation-workflows';
import { ZodBody, ZodResponse, parseBody } from '@fupin/service-kit';
import { relocationReaders } from '../actor';
import { caseView, withdrawBody } from '../cases/case.schema';
import { milestoneParam } from '../payments/payment.schema';
import {
  followUpBody,
  milestoneBody,
  moveInBody,
  procedureView,
  reclamationBody,
  reviewBody,
} from './case-workflow.schema';
import { CaseWorkflowService } from './case-workflow.service';

const villageCadre = { role: 'village_cadre' } as const;
const townshipReviewer = { role: 'township_reviewer' } as const;
/** 县搬迁办 (dept:relocation). */
const relocationOffice = { role: 'department_officer', department: 'relocation' } as const;
/** 施工监理: an officer of the relocation office or of housing (住建). */
const supervisor = [relocationOffice, { role: 'department_officer', department: 'housing' }] as const;

/**
 * 搬迁流程: every signature after the plan, each an update of the case's workflow. Who may sign which step, in
 * which order and by when is the workflow's (its validator refuses with the rule); the HTTP side checks the reader.
 */
@ApiTags('cases 搬迁户档案')
@ApiBearerAuth()
@Controller('cases')
export class CaseWorkflowController {
  constructor(private readonly procedures: CaseWorkflowService) {}

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '报审: the village cadre submits the plan; the case workflow starts (township review → county approval → construction …) and the plan can no longer change. Again: the same answer',
  })
  @ZodResponse(caseView, { description: 'The case, submitted' })
  @Allow(villageCadre)
  submit(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.procedures.submit(principal, id);
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '乡镇审核 (township reviewer), then 县搬迁办审批 (relocation office): approve, or reject with a reason (the case ends). The wrong signer or step: 403/409 naming the rule',
  })
  @ZodResponse(caseView, { description: 'The case after the decision' })
  @Allow(townshipReviewer, relocationOffice)
  review(
    @Param('id') id: string,
    @ZodBody(reviewBody) input: z.output<typeof reviewBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.procedures.act(principal, id, reviewUpdate, input);
  }

  @Post(':id/milestones')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '施工监理: a construction milestone (foundation, roof, acceptance) with its evidence, in order, once each; acceptance accepts the home',
  })
  @ZodResponse(caseView, { description: 'The case with the milestone recorded' })
  @Allow(...supervisor)
  milestone(
    @Param('id') id: string,
    @ZodBody(milestoneBody) input: z.output<typeof milestoneBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.procedures.act(principal, id, milestoneUpdate, input);
  }

  @Post(':id/tranches/:milestone/approve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '县搬迁办审批拨付: approve the tranche of a recorded milestone (or the lump sum); the workflow pays it exactly once (GET the case to see its payment). Approved or paid before: 409 naming the payment',
  })
  @ZodResponse(caseView, { description: 'The case, the tranche approved' })
  @Allow(relocationOffice)
  approveTranche(
    @Param('id') id: string,
    @Param('milestone') milestone: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const m = parseBody(milestoneParam, milestone, 'milestone');
    return this.procedures.act(principal, id, approveTrancheUpdate, { milestone: m });
  }

  @Post(':id/move-in')
  @HttpCode(200)
  @ApiOperation({ summary: '搬迁入住: the day the household moved into its accepted home (not after today)' })
  @ZodResponse(caseView, { description: 'The case, moved in' })
  @Allow(villageCadre)
  moveIn(
    @Param('id') id: string,
    @ZodBody(moveInBody) input: z.output<typeof moveInBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.procedures.act(principal, id, moveInUpdate, input);
  }

  @Post(':id/reclamation')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '拆旧复垦: the old house demolished and its land reclaimed, with the evidence; land-use rights are recorded as kept',
  })
  @ZodResponse(caseView, { description: 'The case, reclaimed' })
  @Allow(villageCadre)
  reclamation(
    @Param('id') id: string,
    @ZodBody(reclamationBody) input: z.output<typeof reclamationBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.procedures.act(principal, id, reclaimedUpdate, input);
  }

  @Post(':id/follow-up')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '后续扶持: an employment or industry measure recorded by hand (once; with the reclamation done the case completes: relocation.completed)',
  })
  @ZodResponse(caseView, { description: 'The case with its follow-up measure' })
  @Allow(villageCadre, relocationOffice)
  followUp(
    @Param('id') id: string,
    @ZodBody(followUpBody) input: z.output<typeof followUpBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const measure = { kind: input.kind, source: 'manual', ref: input.ref };
    return this.procedures.act(principal, id, followUpUpdate, { measure });
  }

  @Post(':id/withdraw')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'The household withdraws (reason required) until move-in: its home at the site is released and pending tranches stop; after move-in 422',
  })
  @ZodResponse(caseView, { status: 201, description: 'The case, withdrawn' })
  @Allow(villageCadre)
  withdraw(
    @Param('id') id: string,
    @ZodBody(withdrawBody) input: z.output<typeof withdrawBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.procedures.withdraw(principal, id, input.reason);
  }

  @Get(':id/procedure')
  @ApiOperation({
    summary: 'The live procedure: step, who acts next and by when (with escalations), tranches, history',
  })
  @ZodResponse(procedureView, { description: 'The case workflow' })
  @Allow(...relocationReaders)
  procedure(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.procedures.procedureOf(principal, id);
  }
}
