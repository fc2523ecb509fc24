import { Injectable } from '@nestjs/common';
import { InjectDb } from '@fupin/service-kit';
import type { IdentificationDb } from '../db';
import type { SearchTerm } from './household-search.schema';

/** A household found, with its head and the member that matched — ID numbers as stored (the service masks them). */
export interface FoundHousehold {
  householdId: string;
  villageCode: string;
  status: string;
  headName: string | null;
  headIdNumber: string | null;
  memberCount: number;
  matchedName: string | null;
  matchedRelation: string | null;
  matchedIdNumber: string | null;
}

export interface SearchPage {
  /** Villages whose (12-digit) code starts with this (the reader's jurisdiction narrowed by the query); '' for all. */
  scope: string;
  term: SearchTerm;
  after: { villageCode: string; householdId: string } | null;
  limit: number;
}

/** `%`, `_` and `\` in a name are matched as themselves. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Positional parameters as a statement is built: `p.add(v)` → `$n`. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The member condition on `x` for the term, or null for every household. */
function memberMatch(term: SearchTerm, p: Params): string | null {
  if (term.kind === 'id') return `x.id_number = ${p.add(term.idNumber)}`;
  if (term.kind === 'name') return `x.name LIKE ${p.add(`%${likeLiteral(term.text)}%`)}`;
  return null;
}

/**
 * 一户一档 search, one statement: a page of households in the scope (keyset on (village_code, id), the order of the
 * household_village_code_id_idx index, so a page reads only its rows), each with its head, its size and the member
 * that matched. An ID number goes through person's unique index; a name is a substring of any member's name.
 */
@Injectable()
export class HouseholdSearchRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  async search({ scope, term, after, limit }: SearchPage): Promise<FoundHousehold[]> {
    const p = new Params();
    // a range, not LIKE 'scope%': under the database's C.UTF-8 collation only a range is an index condition
    const from = p.add(scope.padEnd(12, '0'));
    const where = [`h.village_code BETWEEN ${from} AND ${p.add(scope.padEnd(12, '9'))}`];
    if (after)
      where.push(`(h.village_code, h.id) > (${p.add(after.villageCode)}::varchar, ${p.add(after.householdId)}::uuid)`);
    const member = memberMatch(term, p);
    if (member) where.push(`EXISTS (SELECT 1 FROM person x WHERE x.household_id = h.id AND ${member})`);
    return this.db.$queryRawUnsafe<FoundHousehold[]>(
      `WITH page AS (
         SELECT h.id, h.village_code, h.status FROM household h
          WHERE ${where.join(' AND ')}
          ORDER BY h.village_code, h.id LIMIT ${p.add(limit)}
       )
       SELECT p.id::text AS "householdId", p.village_code AS "villageCode", p.status,
              head.name AS "headName", head.id_number AS "headIdNumber",
              (SELECT count(*)::int FROM person c WHERE c.household_id = p.id) AS "memberCount",
              m.name AS "matchedName", m.relation AS "matchedRelation", m.id_number AS "matchedIdNumber"
         FROM page p
         LEFT JOIN LATERAL (SELECT x.name, x.id_number FROM person x WHERE x.household_id = p.id
                             ORDER BY x.relation <> '户主', x.id_number LIMIT 1) head ON true
         LEFT JOIN LATERAL (SELECT x.name, x.relation, x.id_number FROM person x
                             WHERE x.household_id = p.id AND ${member ?? 'false'}
                             ORDER BY x.relation <> '户主', x.id_number LIMIT 1) m ON true
        ORDER BY p.village_code, p.id`,
      ...p.values,
    );
  }
}
