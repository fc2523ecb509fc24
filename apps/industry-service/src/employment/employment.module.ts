import { Module } from '@nestjs/common';
import { EmploymentController } from './employment.controller';
import { EmploymentRepository } from './employment.repository';
import { EmploymentService } from './employment.service';

/**
 * 就业扶贫: controller (HTTP) → service (jurisdiction, the pure rules of employment.ts) → repository (the only SQL;
 * audit records, employment.placed and income.recorded through the outbox in the same transaction).
 */
@Module({
  controllers: [EmploymentController],
  providers: [EmploymentService, EmploymentRepository],
})
export class EmploymentModule {}
