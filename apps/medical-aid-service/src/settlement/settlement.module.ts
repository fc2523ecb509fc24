import { Module } from '@nestjs/common';
import { SettlementController } from './settlement.controller';
import { SettlementService } from './settlement.service';

/** 一站式结算 preview: controller → service (the rules library); no data, so no repository. */
@Module({
  controllers: [SettlementController],
  providers: [SettlementService],
})
export class SettlementModule {}
