import { Module } from '@nestjs/common';
import { ProjectFundsController } from './project-funds.controller';
import { ProjectFundsRepository } from './project-funds.repository';
import { ProjectFundsService } from './project-funds.service';

/**
 * 项目资金: controller (HTTP) → service (open, updates) → the workflow on the orchestrator, whose activities
 * (project-funds.activities.ts, on industry's queue) record its progress and pay through the repository.
 */
@Module({
  controllers: [ProjectFundsController],
  providers: [ProjectFundsService, ProjectFundsRepository],
})
export class ProjectFundsModule {}
