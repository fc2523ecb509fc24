import { Module } from '@nestjs/common';
import { EnrollmentController } from './enrollment.controller';
import { EnrollmentRepository } from './enrollment.repository';
import { EnrollmentService } from './enrollment.service';

/**
 * 参保确认: controller (HTTP) → service (use cases, the enrollment workflow) → repository (the only SQL). The Kafka
 * handlers and the activity (activities.ts) run outside Nest with the same repository.
 */
@Module({
  controllers: [EnrollmentController],
  providers: [EnrollmentService, EnrollmentRepository],
})
export class EnrollmentModule {}
