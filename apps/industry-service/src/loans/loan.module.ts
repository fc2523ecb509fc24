import { Module } from '@nestjs/common';
import { LoanSubsidyRepository } from './loan-subsidy.repository';
import { LoanSubsidyService } from './loan-subsidy.service';
import { LoanController } from './loan.controller';
import { LoanRepository } from './loan.repository';
import { LoanService } from './loan.service';

/**
 * 扶贫小额信贷: controller (HTTP) → service (application, updates, repayments) → the workflow `microcredit:<loanId>`
 * on the orchestrator, whose activities (loan.activities.ts, on industry's queue) record its steps and service the
 * loan; the quarterly subsidy run reads the county's book and pays each loan once.
 */
@Module({
  controllers: [LoanController],
  providers: [LoanService, LoanRepository, LoanSubsidyService, LoanSubsidyRepository],
})
export class LoanModule {}
