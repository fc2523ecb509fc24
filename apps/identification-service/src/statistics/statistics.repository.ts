import { Injectable } from '@nestjs/common';
import { InjectDb } from '@fupin/service-kit';
import type { IdentificationDb } from '../db';
import type { Division, Household } from '../generated/prisma/client';

/** What a count is of: all households by status, or the registered ones by main cause or by category. */
export type Dimension = 'status' | 'cause' | 'category';

export interface CountRow {
  dimension: Dimension;
  /** the status, cause or category (null: not recorded) */
  key: Household['mainCause'];
  /** the child division; null on the division's own total */
  child: string | null;
  households: number;
  people: number;
}

/**
 * The counts behind the dashboards: the only place their SQL lives (a report: two statements per division, whatever
 * its number of villages).
 */
@Injectable()
export class StatisticsRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  /**
   * Households and their people under the division, counted per child division (the first `childLength` digits of
   * the village code) and for the whole (ROLLUP): by status, and the registered ones by main cause and by category.
   */
  counts(divisionCode: string, childLength: number): Promise<CountRow[]> {
    return this.db.$queryRawUnsafe<CountRow[]>(
      `WITH hh AS (
         SELECT substr(h.village_code, 1, $2::int) AS child, h.status, h.main_cause, h.assistance_category,
                count(p.id)::int AS people
           FROM household h LEFT JOIN person p ON p.household_id = h.id
          WHERE h.village_code LIKE $1 || '%'
          GROUP BY h.id
       )
       SELECT 'status' AS dimension, status AS key, CASE WHEN grouping(child) = 0 THEN child END AS child,
              count(*)::int AS households, sum(people)::int AS people
         FROM hh GROUP BY status, ROLLUP (child)
       UNION ALL
       SELECT 'cause', main_cause, CASE WHEN grouping(child) = 0 THEN child END, count(*)::int, sum(people)::int
         FROM hh WHERE status = 'registered' GROUP BY main_cause, ROLLUP (child)
       UNION ALL
       SELECT 'category', assistance_category, CASE WHEN grouping(child) = 0 THEN child END, count(*)::int,
              sum(people)::int
         FROM hh WHERE status = 'registered' GROUP BY assistance_category, ROLLUP (child)`,
      divisionCode,
      childLength,
    );
  }

  /** The division and its children of `childLength` digits, as the division register names them. */
  names(divisionCode: string, childLength: number): Promise<Pick<Division, 'code' | 'name'>[]> {
    return this.db.$queryRawUnsafe<Pick<Division, 'code' | 'name'>[]>(
      `SELECT code, name FROM division
        WHERE code = $1 OR (char_length(code) = $2::int AND code LIKE $1 || '%')
        ORDER BY code`,
      divisionCode,
      childLength,
    );
  }
}
