import { Module } from '@nestjs/common';
import { MenuController } from './menu.controller';
import { MenuRepository } from './menu.repository';
import { MenuService } from './menu.service';

/**
 * 扶贫菜单 and 点菜: controller (HTTP) → service (jurisdiction, the pure rules of menu.ts) → repository (the only SQL;
 * audit records and industry.no-labour through the outbox in the same transaction).
 */
@Module({
  controllers: [MenuController],
  providers: [MenuService, MenuRepository],
})
export class MenuModule {}
