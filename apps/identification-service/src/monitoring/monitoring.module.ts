import { Module } from '@nestjs/common';
import { MonitoringController } from './monitoring.controller';
import { MonitoringRepository } from './monitoring.repository';
import { MonitoringService } from './monitoring.service';

/**
 * 防止返贫监测: controller (HTTP) → service (use cases, the household's workflow) → repository (the only SQL). The
 * activities (activities.ts) and the claim.settled handler run outside Nest with the same repository functions.
 */
@Module({
  controllers: [MonitoringController],
  providers: [MonitoringService, MonitoringRepository],
})
export class MonitoringModule {}
