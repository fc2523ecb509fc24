import { Module } from '@nestjs/common';
import { ImportJobRepository } from './import-job.repository';
import { ImportService } from './import.service';
import { RosterImportController } from './imports.controller';
import { ImportJobQueues, JobSubmitter } from './job-submit';

/**
 * 导入: county rosters and surveys as import jobs (Temporal workflow `import-job:<jobId>`, the work in
 * import-job.activities.ts), the submitter they share with the exclusion loads (exported as JobSubmitter), and
 * every job's status and error report.
 */
@Module({
  controllers: [RosterImportController],
  providers: [ImportService, ImportJobRepository, JobSubmitter, ImportJobQueues],
  exports: [JobSubmitter],
})
export class ImportModule {}
