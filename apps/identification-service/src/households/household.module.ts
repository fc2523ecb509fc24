import { Module } from '@nestjs/common';
import { HouseholdController } from './household.controller';
import { HouseholdRepository } from './household.repository';
import { HouseholdService } from './household.service';

/** 农户申请 and the household file: controller (HTTP) → service (use cases) → repository (the only SQL). */
@Module({
  controllers: [HouseholdController],
  providers: [HouseholdService, HouseholdRepository],
  exports: [HouseholdService],
})
export class HouseholdModule {}
