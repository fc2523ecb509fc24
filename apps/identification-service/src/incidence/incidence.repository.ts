import { Injectable } from '@nestjs/common';
import type { VillageCounts } from '@fupin/exit-rules';
import type { SqlExecutor } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import type { IdentificationDb, Nullable } from '../db';
import type { Division } from '../generated/prisma/client';

/** The counts behind 贫困发生率: the only place their SQL lives (a report: one aggregate over the division). */
@Injectable()
export class IncidenceRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  /** Per village under the division; `executor` is a transaction when the caller reads inside one. */
  villageCounts(divisionCode: string, executor: SqlExecutor = this.db): Promise<VillageCounts[]> {
    return villageCounts(executor, divisionCode);
  }
}

/**
 * The counts behind 贫困发生率: per village under a division, the people of its households with status
 * 'registered' (an exited household has status 'exited' and no longer counts) and its recorded 农村人口.
 * Villages of the division register, and any village that has registered households without being in it
 * (so a missing village is named, not silently left out).
 */
export async function villageCounts(db: SqlExecutor, divisionCode: string): Promise<VillageCounts[]> {
  // a village missing from the division register has no name and no rural population
  const rows = await db.$queryRawUnsafe<
    (Pick<Division, 'code'> & Nullable<Pick<Division, 'name' | 'ruralPopulation'>> & { poor: number })[]
  >(
    `WITH poor AS (
       SELECT h.village_code, count(p.id)::int AS n
         FROM household h JOIN person p ON p.household_id = h.id
        WHERE h.status = 'registered' AND h.village_code LIKE $1 || '%'
        GROUP BY h.village_code
     ), villages AS (
       SELECT d.code, d.name, d.rural_population FROM division d WHERE d.level = 'village' AND d.code LIKE $1 || '%'
       UNION ALL
       SELECT poor.village_code, NULL, NULL FROM poor WHERE NOT EXISTS (SELECT 1 FROM division d WHERE d.code = poor.village_code)
     )
     SELECT v.code, v.name, v.rural_population AS "ruralPopulation", COALESCE(poor.n, 0)::int AS poor
       FROM villages v LEFT JOIN poor ON poor.village_code = v.code
      ORDER BY v.code`,
    divisionCode,
  );
  return rows.map((r) => ({ code: r.code, name: r.name, poorNotExited: r.poor, ruralPopulation: r.ruralPopulation }));
}
