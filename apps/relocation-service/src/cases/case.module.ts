import { Module } from '@nestjs/common';
import { CaseController } from './case.controller';
import { CaseRepository } from './case.repository';
import { CaseService } from './case.service';

/** 搬迁户档案: controller (HTTP) → service (rules, signatures, events) → repository (the only SQL). */
@Module({
  controllers: [CaseController],
  providers: [CaseService, CaseRepository],
  exports: [CaseService, CaseRepository],
})
export class CaseModule {}
