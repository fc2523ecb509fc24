import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { InjectDb } from '@fupin/service-kit';
import { type Actor, countyOf } from '../actor';
import type { RelocationDb } from '../db';
import type { RelocationArea } from '../generated/prisma/client';
import type { AreaInput, AreaView } from './area.schema';

const toView = (a: RelocationArea): AreaView => ({
  villageCode: a.villageCode,
  countyCode: a.countyCode,
  designated: a.designated,
  reason: a.reason,
  year: a.year,
  decidedBy: a.decidedBy,
  decidedAt: a.decidedAt.toISOString(),
});

/** Designated relocation areas (搬迁区域): the only place their data access lives. */
@Injectable()
export class AreaRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  /** The decision for the village (created or replaced) and its audit record with what it replaced, at once. */
  save(villageCode: string, input: AreaInput, actor: Actor): Promise<AreaView> {
    return this.db.$transaction(async (tx) => {
      const before = await tx.relocationArea.findUnique({ where: { villageCode } });
      const data = { ...input, countyCode: countyOf(villageCode), decidedBy: actor.subject, decidedAt: new Date() };
      const saved = await tx.relocationArea.upsert({
        where: { villageCode },
        create: { villageCode, ...data },
        update: data,
      });
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: input.designated ? 'relocation.area.designate' : 'relocation.area.undesignate',
        subjectType: 'relocation_area',
        subjectId: villageCode,
        ...(before ? { before: toView(before) } : {}),
        after: input,
        reason: input.reason,
      });
      return toView(saved);
    });
  }

  async inCounty(countyCode: string): Promise<AreaView[]> {
    const rows = await this.db.relocationArea.findMany({ where: { countyCode }, orderBy: { villageCode: 'asc' } });
    return rows.map(toView);
  }
}
