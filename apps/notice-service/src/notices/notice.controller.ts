import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, Public, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse } from '@fupin/service-kit';
import {
  listNoticesQuery,
  noticeDetailQuery,
  noticeList,
  officialObjections,
  parseNoticeId,
  publicNoticeView,
} from './notice.schema';
import { NoticeService } from './notice.service';

@ApiTags('notices 公示公告')
@Controller('notices')
export class NoticeController {
  constructor(private readonly notices: NoticeService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Public notices listing households of a village, township or county (no token), newest first, paged',
  })
  @ZodResponse(noticeList, { description: 'A page of notices, newest first' })
  list(@ZodQuery(listNoticesQuery) q: z.output<typeof listNoticesQuery>) {
    return this.notices.list(q);
  }

  @Get(':id')
  @Public()
  @ApiOperation({
    summary:
      'One notice (no token): names, villages, decisions and reasons; ID numbers and phones masked; times in UTC and local display',
  })
  @ApiParam({ name: 'id', description: 'notice id (uuid)' })
  @ZodResponse(publicNoticeView, { description: 'The notice and a page of its households' })
  get(@Param('id') id: string, @ZodQuery(noticeDetailQuery) page: z.output<typeof noticeDetailQuery>) {
    return this.notices.get(parseNoticeId(id), page);
  }

  @Get(':id/objections')
  @ApiBearerAuth()
  @Allow({ role: 'township_reviewer' }, { role: 'county_approver' }, { role: 'auditor' })
  @ApiOperation({
    summary:
      'Objections to a notice, for the re-examination (full text; never the contact): township reviewer, county approver, auditor, inside their jurisdiction',
  })
  @ZodResponse(officialObjections, { description: "The objections inside the caller's jurisdiction, oldest first" })
  objections(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.notices.objectionsFor(principal, parseNoticeId(id));
  }
}
