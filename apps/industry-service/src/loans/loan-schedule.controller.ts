import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow } from '@fupin/auth';
import { loanSchedule } from '@fupin/industry-rules';
import { ZodBody, ZodResponse } from '@fupin/service-kit';
import { ruleRefusal } from '../partners/partner.refusals';
import { schedulePreviewBody, scheduleView } from './loan-schedule.schema';

/** Every official may preview a schedule (no state): the village cadre explaining a loan, the township, the county. */
const officials = [
  { role: 'village_cadre' },
  { role: 'township_reviewer' },
  { role: 'county_approver' },
  { role: 'department_officer' },
  { role: 'auditor' },
  { role: 'workflow_operator' },
] as const;

/** 扶贫小额信贷: the repayment schedule as the loan workflow will compute it, before anything is applied for. */
@ApiTags('loans 扶贫小额信贷')
@ApiBearerAuth()
@Controller('loans/schedule')
export class LoanScheduleController {
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '还款计划试算: the schedule of a loan, exact to the fen (half-up), nothing stored — 等额本息 monthly on the disbursement day (clamped to the month end), or 按季结息、到期还本 (interest on the 20th of Mar/Jun/Sep/Dec and at maturity, ACT/360, principal at maturity)',
  })
  @ZodResponse(scheduleView, { description: 'The instalments and the total interest' })
  @Allow(...officials)
  preview(@ZodBody(schedulePreviewBody) input: z.output<typeof schedulePreviewBody>) {
    const result = loanSchedule(input);
    if (!result.ok) throw ruleRefusal(result.violations[0], result.violations);
    return result.schedule;
  }
}
