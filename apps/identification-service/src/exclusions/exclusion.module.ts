import { Module } from '@nestjs/common';
import { ImportModule } from '../imports/import.module';
import { ExclusionController } from './exclusions.controller';
import { ExclusionRepository } from './exclusion.repository';
import { ExclusionService } from './exclusion.service';

/** 四不列: departments' data loads (import jobs, submitted through the imports' JobSubmitter), the cross-check, and cadre-relative lists. */
@Module({
  imports: [ImportModule],
  controllers: [ExclusionController],
  providers: [ExclusionService, ExclusionRepository],
})
export class ExclusionModule {}
