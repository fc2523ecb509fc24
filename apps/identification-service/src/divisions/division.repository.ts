import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { type Db, InjectDb } from '@fupin/service-kit';
import type { Actor } from '../households/household.repository';

/** A division row as loaded: its level and parent derived from the code. */
export interface DivisionRow {
  code: string;
  name: string;
  level: string | null;
  parent_code: string | null;
}

/** 农村人口 to record: only where given (null clears it). */
export interface RuralPopulationRow {
  code: string;
  rural_population: number | null | undefined;
}

/** The division register (行政区划): the only place its SQL lives. */
@Injectable()
export class DivisionRepository {
  constructor(@InjectDb() private readonly db: Db) {}

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
    return this.db.$queryRawUnsafe<{ code: string; name: string; level: string }[]>(
      `SELECT code, name, level FROM division WHERE parent_code = $1 ORDER BY code`,
      parent,
    );
  }
}
