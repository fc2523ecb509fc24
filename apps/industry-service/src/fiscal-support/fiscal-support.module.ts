import { Module } from '@nestjs/common';
import { FiscalSupportController } from './fiscal-support.controller';
import { FiscalSupportRepository } from './fiscal-support.repository';
import { FiscalSupportService } from './fiscal-support.service';
import { ProductionIncomeController } from './production-income.controller';
import { ProductionIncomeRepository } from './production-income.repository';
import { ProductionIncomeService } from './production-income.service';

/**
 * 财政扶持产业 and 生产经营性收入: controllers (HTTP) → services (jurisdiction, the pure rules of fiscal-support.ts)
 * → repositories (the only SQL; audit records and income.recorded through the outbox in the same transaction).
 */
@Module({
  controllers: [FiscalSupportController, ProductionIncomeController],
  providers: [FiscalSupportService, FiscalSupportRepository, ProductionIncomeService, ProductionIncomeRepository],
})
export class FiscalSupportModule {}
