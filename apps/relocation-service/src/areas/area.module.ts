import { Module } from '@nestjs/common';
import { AreaController } from './area.controller';
import { AreaRepository } from './area.repository';
import { AreaService } from './area.service';

/** 搬迁区域: controller (HTTP) → service (jurisdiction) → repository (the only data access). */
@Module({
  controllers: [AreaController],
  providers: [AreaService, AreaRepository],
  exports: [AreaRepository],
})
export class AreaModule {}
