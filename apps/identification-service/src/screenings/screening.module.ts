import { Module } from '@nestjs/common';
import { ScreeningController } from './screening.controller';
import { ScreeningRepository } from './screening.repository';
import { ScreeningQueues, ScreeningService } from './screening.service';

/**
 * 动态监测筛查: controller (HTTP) → service (who may start and read, the workflow `screening:<id>`) → repository (the
 * only SQL). The chunk work (screening.activities.ts) runs outside Nest, on the worker, with the same repository
 * functions.
 */
@Module({
  controllers: [ScreeningController],
  providers: [ScreeningService, ScreeningRepository, ScreeningQueues],
})
export class ScreeningModule {}
