import { Module } from '@nestjs/common';
import { RoundController } from './round.controller';
import { RoundRepository } from './round.repository';
import { RoundService } from './round.service';

/**
 * 识别批次: controller (HTTP) → service (use cases, the round's workflow) → repository (the only SQL). The round's
 * activities (activities.ts) and the objection handler run outside Nest, on the worker, with the same repository.
 */
@Module({
  controllers: [RoundController],
  providers: [RoundService, RoundRepository],
})
export class RoundModule {}
