import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { AREA_READERS } from '../incidence/incidence.controller';
import {
  assessmentConcluded,
  assessmentCreateBody,
  assessmentDrawn,
  assessmentFrame,
  assessmentView,
  conclusionBody,
  findingsBody,
  findingsRecorded,
} from './assessment.schema';
import { AssessmentService } from './assessment.service';

/**
 * 第三方评估 of a county before it exits (贫困县摘帽): the county approver draws the sample, the assessors record their
 * findings, the county approver records the conclusion. The assessors act with the role `auditor` of the county —
 * the platform's independent role (纪检/审计), not one of the officials whose work is being assessed.
 */
@ApiTags('exit of villages and counties 贫困村退出、贫困县摘帽')
@ApiBearerAuth()
@Controller('county-assessments')
export class AssessmentController {
  constructor(private readonly assessments: AssessmentService) {}

  @Post()
  @ApiOperation({
    summary:
      "Draw a county's third-party assessment sample (about half inside the register, half outside; reproducible from the frame, seed and algorithm)",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(assessmentDrawn, { status: 201, description: 'Sample drawn (已抽样)' })
  @ZodResponse(assessmentDrawn, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow({ role: 'county_approver' })
  async create(
    @ZodBody(assessmentCreateBody) input: z.output<typeof assessmentCreateBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.assessments.create(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'The assessment: sample with findings, progress, the three rates against their thresholds, county incidence, and whether the county may exit (failing rates named)',
  })
  @ZodResponse(assessmentView, { description: 'The assessment (第三方评估)' })
  @Allow(...AREA_READERS)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.assessments.get(principal, id);
  }

  @Get(':id/frame')
  @ApiOperation({
    summary:
      'What re-draws the sample: the sorted household ids inside and outside the register at drawing time, seed, sizes and algorithm',
  })
  @ZodResponse(assessmentFrame, { description: 'The sampling frame (抽样框)' })
  @Allow(...AREA_READERS)
  frame(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.assessments.frame(principal, id);
  }

  @Post(':id/findings')
  @ApiOperation({
    summary:
      "Record the assessors' findings for sampled households (role auditor of the county): wrong exit for exited households, missed identification outside, satisfaction for all; re-recording replaces, audited",
  })
  @ZodResponse(findingsRecorded, { status: 201, description: 'Findings recorded (已记录评估结论)' })
  @Allow({ role: 'auditor' })
  findings(
    @Param('id') id: string,
    @ZodBody(findingsBody) input: z.output<typeof findingsBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.assessments.recordFindings(principal, id, input.findings);
  }

  @Post(':id/conclusion')
  @ApiOperation({
    summary:
      "Record the county's conclusion (exit allowed or blocked, with the reasons); refused while findings are missing",
  })
  @ZodResponse(assessmentConcluded, { status: 201, description: 'Conclusion recorded (已作出评估结论)' })
  @Allow({ role: 'county_approver' })
  conclude(
    @Param('id') id: string,
    @ZodBody(conclusionBody) input: z.output<typeof conclusionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.assessments.conclude(principal, id, input.note);
  }
}
