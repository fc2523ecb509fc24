import { Module } from '@nestjs/common';
import { LoanScheduleController } from './loan-schedule.controller';

/** 扶贫小额信贷 schedule preview: a pure rule served over HTTP (no repository: nothing is stored). */
@Module({ controllers: [LoanScheduleController] })
export class LoanScheduleModule {}
