import { Module } from '@nestjs/common';
import { HouseholdHistoryController } from './household-history.controller';
import { HouseholdHistoryRepository } from './household-history.repository';
import { HouseholdHistoryService } from './household-history.service';
import { HouseholdSearchRepository } from './household-search.repository';
import { HouseholdSearchService } from './household-search.service';
import { HouseholdController } from './household.controller';
import { HouseholdRepository } from './household.repository';
import { HouseholdService } from './household.service';

/**
 * 农户申请 and the household file (一户一档: search, the household, its history in the audit chain): controllers
 * (HTTP) → services (use cases, jurisdiction, masking) → repositories (the only SQL).
 */
@Module({
  controllers: [HouseholdController, HouseholdHistoryController],
  providers: [
    HouseholdService,
    HouseholdRepository,
    HouseholdSearchService,
    HouseholdSearchRepository,
    HouseholdHistoryService,
    HouseholdHistoryRepository,
  ],
  exports: [HouseholdService],
})
export class HouseholdModule {}
