import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { InjectDb } from '@fupin/service-kit';
import type { Columns, IdentificationDb } from '../db';
import type { Division } from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';

/** A division row as loaded (its columns, as json_to_recordset reads them): its level and parent derived from the code. */
export type DivisionRow = Columns<Pick<Division, 'code' | 'name' | 'parentCode'>> & { level: Division['level'] | null };

/** 农村人口 to record: only where given (null clears it). */
export type RuralPopulationRow = Columns<Pick<Division, 'code'>> & {
  rural_population: Division['ruralPopulation'] | undefined;
};

/**
 * The division register (行政区划): the only place its SQL lives. A county's load is SQL (one upsert of every row, ON
 * CONFLICT on the code); the reads are model calls.
 */
@Injectable()
export class DivisionRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  /** Upsert a county's divisions and the given rural populations, with one audit record, in one transaction. */
  load(countyCode: string, divisions: DivisionRow[], population: RuralPopulationRow[], actor: Actor) {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(
        `INSERT INTO division (code, name, level, parent_code)
         SELECT d.code, d.name, d.level, d.parent_code FROM json_to_recordset($1::json) AS d(code text, name text, level text, parent_code text)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code`,
        JSON.stringify(divisions),
      );
      if (population.length) {
        await tx.$executeRawUnsafe(
          `UPDATE division SET rural_population = p.rural_population FROM json_to_recordset($1::json) AS p(code text, rural_population int) WHERE division.code = p.code`,
          JSON.stringify(population),
        );
      }
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: 'division.load',
        subjectType: 'division',
        subjectId: countyCode,
        after: {
          count: divisions.length,
          ruralPopulation: Object.fromEntries(population.map((p) => [p.code, p.rural_population])),
        },
        reason: 'division register loaded',
      });
      return { countyCode, loaded: divisions.length };
    });
  }

  children(parent: string) {
    return this.db.division.findMany({
      where: { parentCode: parent },
      orderBy: { code: 'asc' },
      select: { code: true, name: true, level: true },
    });
  }
}
