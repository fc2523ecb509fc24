import { Injectable } from '@nestjs/common';
import { type AuditSubjects, type SubjectRecords, auditRecordsForSubjects } from '@fupin/audit';
import { InjectDb } from '@fupin/service-kit';
import type { IndustryDb } from '../db';

/** A household's place and what of it industry's audit chain speaks about. */
export interface HouseholdSubjects {
  villageCode: string;
  subjects: AuditSubjects[];
}

interface Row {
  village_code: string;
  loans: string[];
  contracts: string[];
  supports: string[];
  placements: string[];
}

/**
 * The household's audit records (一户一档): those about the household (menu choices, production income) and about
 * its microcredit loans, dividend contracts, fiscal support and its members' job placements. The only SQL of the
 * feature.
 */
@Injectable()
export class HouseholdHistoryRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  async subjectsOf(householdId: string): Promise<HouseholdSubjects | null> {
    if (!/^[0-9a-f-]{36}$/i.test(householdId)) return null;
    const rows = await this.db.$queryRawUnsafe<Row[]>(
      `SELECT h.village_code,
              ARRAY(SELECT l.id::text FROM microcredit_loan l WHERE l.household_id = h.household_id) AS loans,
              ARRAY(SELECT d.id::text FROM dividend_contract d WHERE d.household_id = h.household_id) AS contracts,
              ARRAY(SELECT f.id::text FROM fiscal_support f WHERE f.household_id = h.household_id) AS supports,
              ARRAY(SELECT p.id::text FROM employment_placement p WHERE p.household_id = h.household_id) AS placements
         FROM registered_household h WHERE h.household_id = $1::uuid`,
      householdId,
    );
    const h = rows[0];
    if (!h) return null;
    return {
      villageCode: h.village_code,
      subjects: [
        { type: 'household', ids: [householdId] },
        { type: 'microcredit_loan', ids: h.loans },
        { type: 'dividend_contract', ids: h.contracts },
        { type: 'fiscal_support', ids: h.supports },
        { type: 'employment_placement', ids: h.placements },
      ],
    };
  }

  records(subjects: readonly AuditSubjects[], limit: number): Promise<SubjectRecords> {
    return auditRecordsForSubjects(this.db, subjects, limit);
  }
}
