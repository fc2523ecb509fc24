import { Module } from '@nestjs/common';
import { ReportController } from './report.controller';
import { ReportRepository } from './report.repository';
import { ReportService } from './report.service';

/** 易地扶贫搬迁统计: controller (HTTP, JSON or CSV) → service (jurisdiction) → repository (the one SQL statement). */
@Module({
  controllers: [ReportController],
  providers: [ReportService, ReportRepository],
})
export class ReportModule {}
