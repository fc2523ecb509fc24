import { Module } from '@nestjs/common';
import { DividendScheduleSweeper } from './dividend-schedule.sweeper';
import { DividendController } from './dividend.controller';
import { DividendRepository } from './dividend.repository';
import { DividendService } from './dividend.service';

/**
 * 入股分红: controller (HTTP) → service (contracts, payments, the schedule per contract) → repository; the
 * schedule's workflow runs on the orchestrator, its activities (dividend.activities.ts) on industry's queue.
 */
@Module({
  controllers: [DividendController],
  providers: [DividendService, DividendRepository, DividendScheduleSweeper],
})
export class DividendModule {}
