import { Module } from '@nestjs/common';
import { IndustryReportController } from './report.controller';
import { IndustryReportRepository } from './report.repository';
import { IndustryReportService } from './report.service';

/** 产业扶贫统计: one statement over every source, as JSON, CSV or XLSX. */
@Module({
  controllers: [IndustryReportController],
  providers: [IndustryReportService, IndustryReportRepository],
})
export class IndustryReportModule {}
