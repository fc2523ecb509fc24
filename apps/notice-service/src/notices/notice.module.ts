import { Module } from '@nestjs/common';
import { NoticeController } from './notice.controller';
import { NoticeRepository } from './notice.repository';
import { NoticeService } from './notice.service';
import { ObjectionController } from './objection.controller';
import { ObjectionRepository } from './objection.repository';
import { ObjectionService } from './objection.service';

/**
 * 公示公告 and 异议: controllers (HTTP) → services (use cases) → repositories (the only SQL). Notices are opened and
 * closed, objections answered, by the procedures' workflows through the activities (activities.ts), outside Nest,
 * with the same repositories.
 */
@Module({
  controllers: [NoticeController, ObjectionController],
  providers: [NoticeService, ObjectionService, NoticeRepository, ObjectionRepository],
})
export class NoticeModule {}
