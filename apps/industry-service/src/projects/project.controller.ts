import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { industryOffice, industryReaders } from '../actor';
import { projectBody, projectCreated, projectList, projectQuery, projectView } from './project.schema';
import { ProjectService } from './project.service';

/** 产业项目 (一村一品): projects of villages and townships, their budgets, fund sources and beneficiaries. */
@ApiTags('projects 产业项目')
@ApiBearerAuth()
@Controller('projects')
export class ProjectController {
  constructor(private readonly projects: ProjectService) {}

  @Post()
  @ApiOperation({
    summary:
      'Record a project of a village or township: kind, budget (fen), fund source, partner of the county, beneficiary households (registered in the division, each once: 422/400 naming them), expected income per household',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(projectCreated, { status: 201, description: 'Recorded' })
  @ZodResponse(projectCreated, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow(...industryOffice)
  async create(
    @ZodBody(projectBody) input: z.output<typeof projectBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.projects.create(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'The projects of a county, township or village (optionally of one year)' })
  @ZodResponse(projectList, { description: 'The projects, newest first' })
  @Allow(...industryReaders)
  list(@ZodQuery(projectQuery) q: z.output<typeof projectQuery>, @CurrentPrincipal() principal: Principal) {
    return this.projects.list(principal, q.division, q.year);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A project with its beneficiary households' })
  @ZodResponse(projectView, { description: 'The project' })
  @Allow(...industryReaders)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.projects.get(principal, id);
  }
}
