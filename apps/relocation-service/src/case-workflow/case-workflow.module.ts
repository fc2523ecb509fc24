import { Module } from '@nestjs/common';
import { CaseModule } from '../cases/case.module';
import { CaseWorkflowController } from './case-workflow.controller';
import { CaseWorkflowRepository } from './case-workflow.repository';
import { CaseWorkflowService } from './case-workflow.service';

/**
 * 搬迁流程: controller (HTTP) → service (start, updates) → the case workflow on the orchestrator, whose activities
 * (case-workflow.activities.ts, on relocation's queue) record its progress through the repository.
 */
@Module({
  imports: [CaseModule],
  controllers: [CaseWorkflowController],
  providers: [CaseWorkflowService, CaseWorkflowRepository],
})
export class CaseWorkflowModule {}
