import { Module } from '@nestjs/common';
import { RenovationController } from './renovation.controller';
import { RenovationRepository } from './renovation.repository';
import { RenovationService } from './renovation.service';

/** 危房改造: controller (HTTP) → service (eligibility, subsidy by grade, signature, workflow start) → repository. */
@Module({
  controllers: [RenovationController],
  providers: [RenovationService, RenovationRepository],
})
export class RenovationModule {}
