import { Module } from '@nestjs/common';
import { WorkItemController } from './work-item.controller';
import { WorkItemRepository } from './work-item.repository';
import { WorkItemService } from './work-item.service';

/** 待办: controller (HTTP) → service (who signs what, deadlines) → repository (the step mirrors, one statement). */
@Module({
  controllers: [WorkItemController],
  providers: [WorkItemService, WorkItemRepository],
})
export class WorkItemModule {}
