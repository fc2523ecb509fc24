import { Controller, ForbiddenException, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, Public, coversDivision, jurisdictionLabel, type Principal } from '@fupin/auth';
import { villageCodeRange } from '@fupin/notice-rules';
import { DomainError, SERVICE_RUNTIME, type ServiceRuntime, ZodQuery } from '@fupin/service-kit';
import type { NoticeConfig } from '../config';
import { listNotices, loadNotice, publicNotice } from './notice.repository';
import { listNoticesQuery, noticeDetailQuery, parseNoticeId } from './notice.schema';
import { objectionsForOfficials } from './objection.repository';

const notFound = (id: string) =>
  new DomainError(404, 'notice.not_found', { 'zh-CN': `未找到公示 ${id}`, en: `Notice ${id} not found` }, 'id');

@ApiTags('notices 公示公告')
@Controller('notices')
export class NoticeController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<NoticeConfig>) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Public notices listing households of a village, township or county (no token), newest first, paged',
  })
  async list(@ZodQuery(listNoticesQuery) q: z.output<typeof listNoticesQuery>) {
    return listNotices(this.runtime.db, q, this.runtime.config.displayTimeZone);
  }

  @Get(':id')
  @Public()
  @ApiOperation({
    summary:
      'One notice (no token): names, villages, decisions and reasons; ID numbers and phones masked; times in UTC and local display',
  })
  @ApiParam({ name: 'id', description: 'notice id (uuid)' })
  async get(@Param('id') id: string, @ZodQuery(noticeDetailQuery) page: z.output<typeof noticeDetailQuery>) {
    const noticeId = parseNoticeId(id);
    const notice = await publicNotice(this.runtime.db, noticeId, page, this.runtime.config.displayTimeZone);
    if (!notice) throw notFound(noticeId);
    return notice;
  }

  @Get(':id/objections')
  @ApiBearerAuth()
  @Allow({ role: 'township_reviewer' }, { role: 'county_approver' }, { role: 'auditor' })
  @ApiOperation({
    summary:
      'Objections to a notice, for the re-examination (full text; never the contact): township reviewer, county approver, auditor, inside their jurisdiction',
  })
  async objections(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const noticeId = parseNoticeId(id);
    const notice = await loadNotice(this.runtime.db, noticeId);
    if (!notice) throw notFound(noticeId);
    let range: [string, string] | null = null;
    if (!coversDivision(principal, notice.division_code)) {
      // a township reviewer reading a county announcement: only the objections about households in the township
      const own =
        principal.jurisdiction.kind === 'division' ? principal.jurisdiction.code : principal.jurisdiction.divisionCode;
      const inside = own
        ? await this.runtime.db.$queryRawUnsafe<unknown[]>(
            `SELECT 1 FROM notice_entry WHERE notice_id = $1::uuid AND village_code BETWEEN $2 AND $3 LIMIT 1`,
            noticeId,
            ...villageCodeRange(own),
          )
        : [];
      if (!own || !inside.length) {
        const label = jurisdictionLabel(principal.jurisdiction);
        throw new ForbiddenException({
          code: 'auth.out_of_jurisdiction',
          field: 'id',
          message: {
            'zh-CN': `该公示不在您的辖区内（您的辖区：${label}）`,
            en: `This notice is outside your jurisdiction (${label})`,
          },
        });
      }
      range = villageCodeRange(own);
    }
    return {
      noticeId,
      divisionCode: notice.division_code,
      objections: await objectionsForOfficials(this.runtime.db, noticeId, range),
    };
  }
}
