import { Module } from '@nestjs/common';
import { ClaimController } from './claim.controller';
import { ClaimRepository } from './claim.repository';
import { ClaimService } from './claim.service';

/**
 * 报销: controller (HTTP) → service (use cases, the claim's workflow) → repository (the only SQL). The claim's
 * activities (claim.activities.ts) run outside Nest, on the worker, with the same repository.
 */
@Module({
  controllers: [ClaimController],
  providers: [ClaimService, ClaimRepository],
})
export class ClaimModule {}
