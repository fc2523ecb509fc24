import { Module } from '@nestjs/common';
import { IncidenceController } from './incidence.controller';
import { IncidenceRepository } from './incidence.repository';
import { IncidenceService } from './incidence.service';

/** 贫困发生率: per village and for a township or county, the measure of village and county exit. */
@Module({
  controllers: [IncidenceController],
  providers: [IncidenceService, IncidenceRepository],
  exports: [IncidenceService],
})
export class IncidenceModule {}
