import { Module } from '@nestjs/common';
import { VillageExitController } from './village-exit.controller';
import { VillageExitRepository } from './village-exit.repository';
import { VillageExitService } from './village-exit.service';

/**
 * 贫困村退出: controller (HTTP) → service (use cases, the exit's workflow) → repository (the only SQL). The
 * activities (activities.ts) run outside Nest, on the worker, with the same repository functions.
 */
@Module({
  controllers: [VillageExitController],
  providers: [VillageExitService, VillageExitRepository],
})
export class VillageExitModule {}
