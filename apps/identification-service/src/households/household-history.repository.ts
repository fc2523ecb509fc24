import { Injectable } from '@nestjs/common';
import { type AuditSubjects, type SubjectRecords, auditRecordsForSubjects } from '@fupin/audit';
import { InjectDb } from '@fupin/service-kit';
import type { IdentificationDb } from '../db';

/** A household's place and what of it this service's audit chain speaks about. */
export interface HouseholdSubjects {
  villageCode: string;
  subjects: AuditSubjects[];
}

/**
 * The household's audit records (一户一档): those about the household itself (application, procedure steps, surveys,
 * monitoring, outcomes) and the opening of each identification or exit round it is in. The only SQL of the feature.
 */
@Injectable()
export class HouseholdHistoryRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  async subjectsOf(householdId: string): Promise<HouseholdSubjects | null> {
    if (!/^[0-9a-f-]{36}$/i.test(householdId)) return null;
    const rows = await this.db.$queryRawUnsafe<{ village_code: string; rounds: string[]; exit_rounds: string[] }[]>(
      `SELECT h.village_code,
              ARRAY(SELECT rh.round_id::text FROM round_household rh WHERE rh.household_id = h.id) AS rounds,
              ARRAY(SELECT eh.round_id::text FROM exit_household eh WHERE eh.household_id = h.id) AS exit_rounds
         FROM household h WHERE h.id = $1::uuid`,
      householdId,
    );
    const h = rows[0];
    if (!h) return null;
    return {
      villageCode: h.village_code,
      subjects: [
        { type: 'household', ids: [householdId] },
        { type: 'identification_round', ids: h.rounds },
        { type: 'exit_round', ids: h.exit_rounds },
      ],
    };
  }

  records(subjects: readonly AuditSubjects[], limit: number): Promise<SubjectRecords> {
    return auditRecordsForSubjects(this.db, subjects, limit);
  }
}
