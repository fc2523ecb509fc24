import { Module } from '@nestjs/common';
import { HouseholdHistoryController } from './household-history.controller';
import { HouseholdHistoryRepository } from './household-history.repository';
import { HouseholdHistoryService } from './household-history.service';

/** 一户一档: a household's history in medical aid's audit chain — controller → service → repository (the only SQL). */
@Module({
  controllers: [HouseholdHistoryController],
  providers: [HouseholdHistoryService, HouseholdHistoryRepository],
})
export class HouseholdHistoryModule {}
