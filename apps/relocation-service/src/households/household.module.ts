import { Module } from '@nestjs/common';
import { HouseholdHistoryController } from './household-history.controller';
import { HouseholdHistoryRepository } from './household-history.repository';
import { HouseholdHistoryService } from './household-history.service';
import { RegisteredHouseholdController } from './household.controller';
import { RegisteredHouseholdRepository } from './household.repository';
import { RegisteredHouseholdService } from './household.service';

/**
 * The registered households relocation may serve, and their history in its audit chain (一户一档): controllers
 * (HTTP) → services → repositories (the only SQL). The Kafka handlers (household-registered.handler.ts) keep them
 * current, outside Nest, with the same repository.
 */
@Module({
  controllers: [RegisteredHouseholdController, HouseholdHistoryController],
  providers: [
    RegisteredHouseholdService,
    RegisteredHouseholdRepository,
    HouseholdHistoryService,
    HouseholdHistoryRepository,
  ],
})
export class RegisteredHouseholdModule {}
