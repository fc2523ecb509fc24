import { Module } from '@nestjs/common';
import { ReportController } from './report.controller';
import { ReportRepository } from './report.repository';
import { ReportService } from './report.service';

/**
 * 月度报表: controller (HTTP) → service → repository (the only SQL). The building activity and its schedule
 * (monthly-report.ts) run outside Nest with the same repository.
 */
@Module({
  controllers: [ReportController],
  providers: [ReportService, ReportRepository],
})
export class ReportModule {}
