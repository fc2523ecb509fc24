import { Module } from '@nestjs/common';
import { SiteController } from './site.controller';
import { SiteRepository } from './site.repository';
import { SiteService } from './site.service';

/** 安置点: controller (HTTP) → service (jurisdiction) → repository (the only SQL). */
@Module({
  controllers: [SiteController],
  providers: [SiteService, SiteRepository],
})
export class SiteModule {}
