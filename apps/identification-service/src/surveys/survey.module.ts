import { Module } from '@nestjs/common';
import { SurveyController } from './survey.controller';
import { SurveyRepository } from './survey.repository';
import { SurveyService } from './survey.service';

/** 入户调查: income surveys (六算), living-condition observations (看), poverty causes and 五个一批. */
@Module({
  controllers: [SurveyController],
  providers: [SurveyService, SurveyRepository],
})
export class SurveyModule {}
