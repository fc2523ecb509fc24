import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { industryOffice, industryReaders } from '../actor';
import { jobBody, jobList, jobQuery, jobView, placementBody, placementView, wageBody } from './employment.schema';
import { EmploymentService } from './employment.service';

const villageCadre = { role: 'village_cadre' } as const;

/** 就业扶贫: jobs at partners and public-welfare posts, the people placed in them and their monthly wages. */
@ApiTags('employment 就业扶贫')
@ApiBearerAuth()
@Controller()
export class EmploymentController {
  constructor(private readonly employment: EmploymentService) {}

  @Post('jobs')
  @ApiOperation({
    summary:
      'Open a job at a partner of the county (企业岗位; a partner of another county: 422) or a public-welfare post (公益岗位: 护路, 保洁, 护林, 生态护林员 …) with its wage and positions',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(jobView, { status: 201, description: 'The job' })
  @ZodResponse(jobView, { status: 200, description: 'The same request again: the same job' })
  @Allow(...industryOffice)
  async createJob(
    @ZodBody(jobBody) input: z.output<typeof jobBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const { created, job } = await this.employment.createJob(principal, input, requireIdempotencyKey(key));
    res.status(created ? 201 : 200).json(job);
  }

  @Get('jobs')
  @ApiOperation({ summary: 'The jobs of a county, township or village (anyone working in the county)' })
  @ZodResponse(jobList, { description: 'The jobs, newest first' })
  @Allow(...industryReaders)
  jobs(@ZodQuery(jobQuery) q: z.output<typeof jobQuery>, @CurrentPrincipal() principal: Principal) {
    return this.employment.jobs(principal, q.division, q.kind);
  }

  @Get('jobs/:jobId')
  @ApiOperation({ summary: 'A job with the people placed in it' })
  @ZodResponse(jobView, { description: 'The job' })
  @Allow(...industryReaders)
  job(@Param('jobId') jobId: string, @CurrentPrincipal() principal: Principal) {
    return this.employment.job(principal, jobId);
  }

  @Post('jobs/:jobId/placements')
  @ApiOperation({
    summary:
      'Place a member of a registered household (resident ID number; not a member: 422) in the job: start date, monthly wage (fen); once per person and job, never beyond its positions (409); emits employment.placed (relocation counts it as follow-up support)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(placementView, { status: 201, description: 'Placed' })
  @ZodResponse(placementView, { status: 200, description: 'The same request again: the same placement' })
  @Allow(...industryOffice, villageCadre)
  async place(
    @Param('jobId') jobId: string,
    @ZodBody(placementBody) input: z.output<typeof placementBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const { created, placement } = await this.employment.place(principal, jobId, input, requireIdempotencyKey(key));
    res.status(created ? 201 : 200).json(placement);
  }

  @Get('placements/:id')
  @ApiOperation({ summary: 'A placement with the wages recorded' })
  @ZodResponse(placementView, { description: 'The placement' })
  @Allow(...industryReaders)
  placement(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.employment.placement(principal, id);
  }

  @Post('placements/:id/wages')
  @ApiOperation({
    summary:
      "Record a month's wage (YYYY-MM, fen) once per placement and month (again: 409 industry.wage_already_recorded; before the start month or after this month: 422); emits income.recorded (source wage), shown in identification's next survey",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(placementView, { status: 201, description: 'Recorded: the placement with its wages' })
  @ZodResponse(placementView, { status: 200, description: 'The same request again: the first answer' })
  @Allow(...industryOffice, villageCadre)
  async wage(
    @Param('id') id: string,
    @ZodBody(wageBody) input: z.output<typeof wageBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const { created, placement } = await this.employment.recordWage(principal, id, input, requireIdempotencyKey(key));
    res.status(created ? 201 : 200).json(placement);
  }
}
