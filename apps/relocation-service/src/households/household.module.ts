import { Module } from '@nestjs/common';
import { RegisteredHouseholdController } from './household.controller';
import { RegisteredHouseholdRepository } from './household.repository';
import { RegisteredHouseholdService } from './household.service';

/**
 * The registered households relocation may serve: controller (HTTP) → service → repository (the only SQL). The
 * Kafka handlers (household-registered.handler.ts) keep them current, outside Nest, with the same repository.
 */
@Module({
  controllers: [RegisteredHouseholdController],
  providers: [RegisteredHouseholdService, RegisteredHouseholdRepository],
})
export class RegisteredHouseholdModule {}
