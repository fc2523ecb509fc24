import { Module } from '@nestjs/common';
import { PolicyController } from './policy.controller';
import { PolicyRepository } from './policy.repository';
import { PolicyService } from './policy.service';

/** A county's medical policy as versioned data: controller (HTTP) → service (use cases) → repository (the only SQL). */
@Module({
  controllers: [PolicyController],
  providers: [PolicyService, PolicyRepository],
})
export class PolicyModule {}
