import { Module } from '@nestjs/common';
import { ExitController } from './exit.controller';
import { ExitRepository } from './exit.repository';
import { ExitService } from './exit.service';

/**
 * 贫困户退出: controller (HTTP) → service (use cases, the exit round's workflow) → repository (the only SQL). The
 * exit round's activities (exit.activities.ts) run outside Nest, on the worker, with the same repository functions.
 */
@Module({
  controllers: [ExitController],
  providers: [ExitService, ExitRepository],
})
export class ExitModule {}
