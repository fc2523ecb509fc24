import { Module } from '@nestjs/common';
import { DivisionController } from './division.controller';
import { DivisionRepository } from './division.repository';
import { DivisionService } from './division.service';

/** 行政区划: the division register and 农村人口, the incidence denominator. */
@Module({
  controllers: [DivisionController],
  providers: [DivisionService, DivisionRepository],
})
export class DivisionModule {}
