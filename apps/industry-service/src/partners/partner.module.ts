import { Module } from '@nestjs/common';
import { PartnerController } from './partner.controller';
import { PartnerRepository } from './partner.repository';
import { PartnerService } from './partner.service';

/** 经营主体: controller (HTTP) → service (jurisdiction, credit code) → repository (the only SQL). */
@Module({
  controllers: [PartnerController],
  providers: [PartnerService, PartnerRepository],
  exports: [PartnerRepository],
})
export class PartnerModule {}
