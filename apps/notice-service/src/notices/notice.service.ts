import { ForbiddenException, Injectable } from '@nestjs/common';
import { coversDivision, jurisdictionLabel, type Principal } from '@fupin/auth';
import { villageCodeRange } from '@fupin/notice-rules';
import { DomainError, InjectConfig } from '@fupin/service-kit';
import type { NoticeConfig } from '../config';
import { NoticeRepository } from './notice.repository';
import { ObjectionRepository } from './objection.repository';

export const noticeNotFound = (id: string) =>
  new DomainError(404, 'notice.not_found', { 'zh-CN': `未找到公示 ${id}`, en: `Notice ${id} not found` }, 'id');

/** 公示公告: public reads of the notices (masked), and the objections to one for the officials who re-examine. */
@Injectable()
export class NoticeService {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly objections: ObjectionRepository,
    @InjectConfig() private readonly config: NoticeConfig,
  ) {}

  list(q: { division?: string; status?: 'open' | 'closed'; page: number; pageSize: number }) {
    return this.notices.list(q, this.config.displayTimeZone);
  }

  async get(noticeId: string, page: { page: number; pageSize: number }) {
    const notice = await this.notices.publicNotice(noticeId, page, this.config.displayTimeZone);
    if (!notice) throw noticeNotFound(noticeId);
    return notice;
  }

  /**
   * The objections inside the official's jurisdiction: all of them when it covers the notice's division, else (a
   * township reviewer reading a county announcement) those about the households of its own division, if listed.
   */
  async objectionsFor(principal: Principal, noticeId: string) {
    const notice = await this.notices.load(noticeId);
    if (!notice) throw noticeNotFound(noticeId);
    let range: [string, string] | null = null;
    if (!coversDivision(principal, notice.divisionCode)) {
      const own =
        principal.jurisdiction.kind === 'division' ? principal.jurisdiction.code : principal.jurisdiction.divisionCode;
      const inside = own ? await this.notices.listsVillageIn(noticeId, villageCodeRange(own)) : false;
      if (!own || !inside) {
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
      divisionCode: notice.divisionCode,
      objections: await this.objections.forOfficials(noticeId, range),
    };
  }
}
