import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import {
  acceptUpdate,
  allocateUpdate,
  disburseUpdate,
  reexamineUpdate,
  rectifyUpdate,
  startImplementationUpdate,
} from '@fupin/industry-workflows';
import { ZodBody, ZodResponse } from '@fupin/service-kit';
import { industryOffice, industryReaders } from '../actor';
import {
  acceptanceBody,
  allocateBody,
  disbursementBody,
  fundsView,
  implementationBody,
  openFundsBody,
  reexaminationBody,
  rectificationBody,
} from './project-funds.schema';
import { ProjectFundsService } from './project-funds.service';

/** 县财政局 / 县扶贫办: who allocates; 财政 alone pays. */
const financeOffice = { role: 'department_officer', department: 'finance' } as const;
const countyPovertyOffice = { role: 'county_approver' } as const;
/** 乡镇: the township reviewer or a township officer of industry or finance. */
const township = [
  { role: 'township_reviewer' },
  { role: 'department_officer', department: 'industry' },
  { role: 'department_officer', department: 'finance' },
] as const;

/**
 * 项目资金: a project's funds through four signed checkpoints, each an update of the workflow
 * `project-funds:<projectId>`; who may sign which checkpoint and in which order is the workflow's (its validator
 * refuses naming the rule); the HTTP side checks the role and reads.
 */
@ApiTags('project funds 项目资金')
@ApiBearerAuth()
@Controller('projects/:id/funds')
export class ProjectFundsController {
  constructor(private readonly funds: ProjectFundsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Open the project's funds procedure (项目资金入库): the workflow starts at the allocation. Needs a partner (the account paid) and beneficiaries (the notice's lines). Again: the same answer",
  })
  @ZodResponse(fundsView, { description: "The project's funds" })
  @Allow(...industryOffice)
  open(
    @Param('id') id: string,
    @ZodBody(openFundsBody) input: z.output<typeof openFundsBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.funds.open(principal, id, input);
  }

  @Post('allocation')
  @HttpCode(200)
  @ApiOperation({
    summary: '资金安排: the amount allocated, ≤ the budget (county finance office or county poverty office)',
  })
  @ZodResponse(fundsView, { description: 'The funds, allocated' })
  @Allow(financeOffice, countyPovertyOffice)
  allocate(
    @Param('id') id: string,
    @ZodBody(allocateBody) input: z.output<typeof allocateBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.funds.act(principal, id, allocateUpdate, input);
  }

  @Post('implementation')
  @HttpCode(200)
  @ApiOperation({ summary: '项目实施: the day implementation started, recorded by the township' })
  @ZodResponse(fundsView, { description: 'The funds, implementation started' })
  @Allow(...township)
  implementation(
    @Param('id') id: string,
    @ZodBody(implementationBody) input: z.output<typeof implementationBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.funds.act(principal, id, startImplementationUpdate, input);
  }

  @Post('acceptance')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '项目验收: the committee’s signed record — at least 3 distinct named members, none the implementer (422 naming the rule); the funds notice then opens on notice-service',
  })
  @ZodResponse(fundsView, { description: 'The funds, accepted' })
  @Allow(...industryOffice, ...township)
  acceptance(
    @Param('id') id: string,
    @ZodBody(acceptanceBody) input: z.output<typeof acceptanceBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.funds.act(principal, id, acceptUpdate, input);
  }

  @Post('reexamination')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '异议复核: the objections to the closed funds notice re-examined — upheld sends the project to rectification and a new notice; dismissed clears the way to the payment',
  })
  @ZodResponse(fundsView, { description: 'The funds after the re-examination' })
  @Allow(...township, countyPovertyOffice)
  reexamination(
    @Param('id') id: string,
    @ZodBody(reexaminationBody) input: z.output<typeof reexaminationBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.funds.act(principal, id, reexamineUpdate, input);
  }

  @Post('rectification')
  @HttpCode(200)
  @ApiOperation({
    summary: '整改: after an upheld objection, the rectification with its evidence; a new notice follows',
  })
  @ZodResponse(fundsView, { description: 'The funds, rectified' })
  @Allow(...industryOffice)
  rectification(
    @Param('id') id: string,
    @ZodBody(rectificationBody) input: z.output<typeof rectificationBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.funds.act(principal, id, rectifyUpdate, input);
  }

  @Post('disbursement')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "资金拨付: the county finance office signs the payment (≤ the allocation) to the partner's account; only after the acceptance and a clean notice; paid exactly once (again: 409 naming the first payment)",
  })
  @ZodResponse(fundsView, { description: 'The funds, disbursed' })
  @Allow(financeOffice)
  disbursement(
    @Param('id') id: string,
    @ZodBody(disbursementBody) input: z.output<typeof disbursementBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.funds.act(principal, id, disburseUpdate, input);
  }

  @Get()
  @ApiOperation({ summary: "The project's funds: checkpoints signed, notices, payment, who must act next" })
  @ZodResponse(fundsView, { description: "The project's funds" })
  @Allow(...industryReaders, financeOffice)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.funds.view(principal, id);
  }
}
