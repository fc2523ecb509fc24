import { Injectable } from '@nestjs/common';
import { type AuditSubjects, type SubjectRecords, auditRecordsForSubjects } from '@fupin/audit';
import { InjectDb } from '@fupin/service-kit';
import type { RelocationDb } from '../db';

/** A household's place, its cases (易地扶贫搬迁 or 危房改造, by id) and what of it the audit chain speaks about. */
export interface HouseholdSubjects {
  villageCode: string;
  caseKinds: Map<string, string>;
  subjects: AuditSubjects[];
}

/**
 * The household's audit records (一户一档): those of each of its cases — consent, plan, every step of the case
 * workflow, payments, withdrawal. The only SQL of the feature.
 */
@Injectable()
export class HouseholdHistoryRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  async subjectsOf(householdId: string): Promise<HouseholdSubjects | null> {
    if (!/^[0-9a-f-]{36}$/i.test(householdId)) return null;
    const rows = await this.db.$queryRawUnsafe<
      { village_code: string | null; cases: { id: string; kind: string }[] }[]
    >(
      `SELECT coalesce((SELECT h.village_code FROM registered_household h WHERE h.household_id = $1::uuid),
                       (SELECT c.village_code FROM relocation_case c WHERE c.household_id = $1::uuid
                         ORDER BY c.created_at DESC LIMIT 1)) AS village_code,
              coalesce((SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind))
                          FROM relocation_case c WHERE c.household_id = $1::uuid), '[]'::json) AS cases`,
      householdId,
    );
    const h = rows[0];
    if (!h?.village_code) return null;
    return {
      villageCode: h.village_code,
      caseKinds: new Map(h.cases.map((c) => [c.id, c.kind])),
      subjects: [{ type: 'relocation_case', ids: h.cases.map((c) => c.id) }],
    };
  }

  records(subjects: readonly AuditSubjects[], limit: number): Promise<SubjectRecords> {
    return auditRecordsForSubjects(this.db, subjects, limit);
  }
}
