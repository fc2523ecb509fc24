import { Injectable } from '@nestjs/common';
import { type AuditSubjects, type SubjectRecords, auditRecordsForSubjects } from '@fupin/audit';
import { InjectDb } from '@fupin/service-kit';
import type { MedicalAidDb } from '../db';

/** A household's place, its members' claims (by id, with the patient's name) and its subjects in the chain. */
export interface HouseholdSubjects {
  villageCode: string;
  patients: Map<string, string>;
  subjects: AuditSubjects[];
}

/**
 * The household's audit records (一户一档): its enrollment's decision (参保确认), and every claim of its members —
 * entered, settled, rejected, paid, review escalated. The only SQL of the feature.
 */
@Injectable()
export class HouseholdHistoryRepository {
  constructor(@InjectDb() private readonly db: MedicalAidDb) {}

  async subjectsOf(householdId: string): Promise<HouseholdSubjects | null> {
    if (!/^[0-9a-f-]{36}$/i.test(householdId)) return null;
    const rows = await this.db.$queryRawUnsafe<
      { village_code: string | null; claims: { id: string; name: string }[] }[]
    >(
      `SELECT coalesce((SELECT e.village_code FROM enrollment e WHERE e.household_id = $1::uuid),
                       (SELECT p.village_code FROM insured_person p WHERE p.household_id = $1::uuid LIMIT 1)) AS village_code,
              coalesce((SELECT json_agg(json_build_object('id', c.id, 'name', p.name))
                          FROM insured_person p JOIN claim c ON c.id_number = p.id_number
                         WHERE p.household_id = $1::uuid), '[]'::json) AS claims`,
      householdId,
    );
    const h = rows[0];
    if (!h?.village_code) return null;
    return {
      villageCode: h.village_code,
      patients: new Map(h.claims.map((c) => [c.id, c.name])),
      subjects: [
        { type: 'enrollment', ids: [householdId] },
        { type: 'claim', ids: h.claims.map((c) => c.id) },
      ],
    };
  }

  records(subjects: readonly AuditSubjects[], limit: number): Promise<SubjectRecords> {
    return auditRecordsForSubjects(this.db, subjects, limit);
  }
}
