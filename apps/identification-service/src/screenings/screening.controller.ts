import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { XLSX_MEDIA_TYPE } from './screening-xlsx';
import {
  BINARY,
  screening,
  screeningResultPage,
  screeningResultsQuery,
  screeningStarted,
  startScreeningBody,
} from './screening.schema';
import { ScreeningService } from './screening.service';

const READERS = [
  { role: 'county_approver' as const },
  { role: 'workflow_operator' as const },
  { role: 'auditor' as const },
];

/** 动态监测筛查: a division's households judged under the year's policy; the result list to act on. */
@ApiTags('screenings 动态监测筛查')
@ApiBearerAuth()
@Controller('screenings')
export class ScreeningController {
  constructor(private readonly screenings: ScreeningService) {}

  @Post()
  @ApiOperation({
    summary: 'Start a screening (动态监测筛查) of a division for an income year, as a background workflow',
    description:
      "Every registered, exited or monitored household whose village code starts with divisionCode is judged under the income year's policy: " +
      'may_exit (可退出: registered, every exit criterion met), no_longer_eligible (不再符合识别标准: registered, not eligible, some exit criterion failing), ' +
      'enter_monitoring (应纳入监测: exited, not monitored, the monitoring entry rule triggers), relapse (返贫: monitored, income below the poverty line). ' +
      'Who: a county approver for a division of the county; for a province or city (there is no province role) a workflow operator whose division ' +
      'jurisdiction covers it. One screening per division and year runs at a time: while one runs, another POST answers it (200, alreadyRunning). ' +
      'Poll GET /screenings/{id}.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(screeningStarted, { status: 202, description: 'Started: poll GET /screenings/{id}' })
  @ZodResponse(screeningStarted, {
    status: 200,
    description:
      'The same request again (its first answer), or the screening of this division and year already running',
  })
  @Allow({ role: 'county_approver' }, { role: 'workflow_operator' })
  async start(
    @ZodBody(startScreeningBody) input: z.output<typeof startScreeningBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.screenings.start(principal, input, requireIdempotencyKey(key));
    res.status(result.status).json(result.body);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A screening: status (running|completed|failed), total, processed, percent, counts per outcome',
  })
  @ZodResponse(screening, { description: 'The screening' })
  @Allow(...READERS)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.screenings.get(principal, id);
  }

  @Get(':id/results')
  @ApiOperation({
    summary:
      "A screening's results, by household id (keyset pages: pass nextCursor as ?cursor=), of one outcome or village",
  })
  @ZodResponse(screeningResultPage, { description: 'A page of results' })
  @Allow(...READERS)
  results(
    @Param('id') id: string,
    @ZodQuery(screeningResultsQuery) query: z.output<typeof screeningResultsQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.screenings.results(principal, id, query);
  }

  @Get(':id/results.xlsx')
  @ApiOperation({
    summary: "A screening's results as XLSX: bilingual headers, outcome and criteria in Chinese and English",
  })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiResponse({
    status: 200,
    description: 'The results (筛查结果) as an XLSX file, sent as an attachment',
    content: { [XLSX_MEDIA_TYPE]: { schema: BINARY } },
  })
  @Allow(...READERS)
  async xlsx(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    await this.screenings.exportXlsx(principal, id, (fileName) => {
      res.setHeader('Content-Type', XLSX_MEDIA_TYPE);
      res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
      return res;
    });
  }
}
