import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import {
  bankDecisionUpdate,
  loanDisburseUpdate,
  loanExtendUpdate,
  loanMisuseUpdate,
  loanWithdrawUpdate,
  villageCheckUpdate,
} from '@fupin/industry-workflows';
import { LOAN_STEPS } from '@fupin/industry-rules';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { industryOffice, industryReaders } from '../actor';
import { LoanSubsidyService } from './loan-subsidy.service';
import {
  applyLoanBody,
  decisionBody,
  disbursementBody,
  extensionBody,
  loanList,
  loanView,
  misuseBody,
  repaymentBody,
  subsidyRunBody,
  subsidyRunView,
  withdrawalBody,
} from './loan.schema';
import { LoanService } from './loan.service';

const bank = { role: 'bank' } as const;
const villageCadre = { role: 'village_cadre' } as const;
const finance = { role: 'department_officer', department: 'finance' } as const;
const listQuery = z
  .object({
    division: z
      .string()
      .regex(/^\d{6}(\d{3}(\d{3})?)?$/)
      .meta({ description: 'county, township or village code' }),
    householdId: z.uuid().optional(),
    step: z.enum(LOAN_STEPS).optional(),
  })
  .strict();

/**
 * 扶贫小额信贷: the application, then each signed step as an update of the loan's workflow `microcredit:<loanId>`
 * (who may sign what and when is the workflow's rule: refused naming it); repayments are the bank's, the quarterly
 * subsidy the county's.
 */
@ApiTags('loans 扶贫小额信贷')
@ApiBearerAuth()
@Controller('loans')
export class LoanController {
  constructor(
    private readonly loans: LoanService,
    private readonly subsidies: LoanSubsidyService,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      '申请: a registered household’s loan — ≤ 50,000 yuan, ≤ 36 months, the borrower a member aged 18–65 on the day, production use only, no other active loan (4xx naming the field and rule, nothing written); the workflow starts at the village check',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(loanView, { status: 201, description: 'The loan, at the village check' })
  @ZodResponse(loanView, { status: 200, description: 'The same request again: the same loan' })
  @Allow(villageCadre, ...industryOffice)
  async apply(
    @ZodBody(applyLoanBody) input: z.output<typeof applyLoanBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const { created, loan } = await this.loans.apply(principal, input, requireIdempotencyKey(key));
    res.status(created ? 201 : 200).json(loan);
  }

  @Get()
  @ApiOperation({ summary: 'Loans of a division (optionally of one household or at one step), newest first' })
  @ZodResponse(loanList, { description: 'The loans' })
  @Allow(...industryReaders, bank, finance)
  list(@ZodQuery(listQuery) q: z.output<typeof listQuery>, @CurrentPrincipal() principal: Principal) {
    return this.loans.list(principal, q.division, q);
  }

  @Post('subsidy-runs')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '贴息: the county pays the bank each loan’s interest of an ended quarter, once per loan and quarter — suspended from the first day of arrears, cancelled from the quarter of misuse; again: nothing paid twice',
  })
  @ZodResponse(subsidyRunView, { description: 'What the run paid' })
  @Allow(...industryOffice, finance)
  subsidyRun(
    @ZodBody(subsidyRunBody) input: z.output<typeof subsidyRunBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.subsidies.run(principal, input.quarter);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A loan: its steps and signers, schedule, repayments, status (current / arrears), subsidies',
  })
  @ZodResponse(loanView, { description: 'The loan' })
  @Allow(...industryReaders, bank, finance)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.loans.view(principal, id);
  }

  @Post(':id/village-check')
  @HttpCode(200)
  @ApiOperation({ summary: '村级审核: the village cadre of the borrower’s village approves or refuses' })
  @ZodResponse(loanView, { description: 'The loan after the village check' })
  @Allow(villageCadre)
  villageCheck(
    @Param('id') id: string,
    @ZodBody(decisionBody) input: z.output<typeof decisionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.loans.act(principal, id, villageCheckUpdate, input);
  }

  @Post(':id/bank-decision')
  @HttpCode(200)
  @ApiOperation({ summary: '银行审批: the county’s lending bank approves or refuses' })
  @ZodResponse(loanView, { description: 'The loan after the bank’s decision' })
  @Allow(bank)
  bankDecision(
    @Param('id') id: string,
    @ZodBody(decisionBody) input: z.output<typeof decisionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.loans.act(principal, id, bankDecisionUpdate, input);
  }

  @Post(':id/disbursement')
  @HttpCode(200)
  @ApiOperation({
    summary: '放款: the bank disburses on a value date (not before the application, not after today); servicing starts',
  })
  @ZodResponse(loanView, { description: 'The loan, disbursed' })
  @Allow(bank)
  disburse(
    @Param('id') id: string,
    @ZodBody(disbursementBody) input: z.output<typeof disbursementBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.loans.act(principal, id, loanDisburseUpdate, input);
  }

  @Post(':id/repayments')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '还款: the bank records a repayment, once by its reference (the same again: the same answer; another with that reference: 409); never over what is owed (422 repayment_over_balance)',
  })
  @ZodResponse(loanView, { description: 'The loan with the repayment' })
  @Allow(bank)
  repay(
    @Param('id') id: string,
    @ZodBody(repaymentBody) input: z.output<typeof repaymentBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.loans.repay(principal, id, input);
  }

  @Post(':id/misuse')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '挪用认定: the village records misuse — the subsidy is cancelled from that quarter and its subsidy clawed back',
  })
  @ZodResponse(loanView, { description: 'The loan with the misuse recorded' })
  @Allow(villageCadre)
  misuse(
    @Param('id') id: string,
    @ZodBody(misuseBody) input: z.output<typeof misuseBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.loans.act(principal, id, loanMisuseUpdate, input);
  }

  @Post(':id/extension')
  @HttpCode(200)
  @ApiOperation({ summary: '展期: the bank extends a principal-at-term loan once, by 1–12 months, before it matures' })
  @ZodResponse(loanView, { description: 'The loan, extended' })
  @Allow(bank)
  extend(
    @Param('id') id: string,
    @ZodBody(extensionBody) input: z.output<typeof extensionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.loans.act(principal, id, loanExtendUpdate, input);
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @ApiOperation({ summary: '撤回: the application withdrawn before disbursement, with the reason' })
  @ZodResponse(loanView, { description: 'The loan, withdrawn' })
  @Allow(villageCadre, ...industryOffice)
  withdraw(
    @Param('id') id: string,
    @ZodBody(withdrawalBody) input: z.output<typeof withdrawalBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.loans.act(principal, id, loanWithdrawUpdate, input);
  }
}
