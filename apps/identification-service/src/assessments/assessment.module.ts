import { Module } from '@nestjs/common';
import { IncidenceModule } from '../incidence/incidence.module';
import { AssessmentController } from './assessment.controller';
import { AssessmentRepository } from './assessment.repository';
import { AssessmentService } from './assessment.service';

/** 第三方评估 of a county before it exits (贫困县摘帽); its incidence part comes from the incidence feature. */
@Module({
  imports: [IncidenceModule],
  controllers: [AssessmentController],
  providers: [AssessmentService, AssessmentRepository],
})
export class AssessmentModule {}
