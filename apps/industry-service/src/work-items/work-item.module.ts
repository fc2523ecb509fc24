import { Module } from '@nestjs/common';
import { WorkItemController } from './work-item.controller';
import { WorkItemRepository } from './work-item.repository';
import { WorkItemService } from './work-item.service';

/** 待办: controller (HTTP) → service (who signs which step) → repository (one statement). */
@Module({
  controllers: [WorkItemController],
  providers: [WorkItemService, WorkItemRepository],
})
export class WorkItemModule {}
