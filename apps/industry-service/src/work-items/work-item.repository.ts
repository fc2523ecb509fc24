import { Injectable } from '@nestjs/common';
import { InjectDb, type WorkItemsQuery } from '@fupin/service-kit';
import type { IndustryDb } from '../db';

/** The mirrors of this service the inbox reads: the loans' and the projects' funds' steps (ADR 0019). */
export type MirrorName = 'microcredit_loan' | 'project_funds';

/** One procedure's mirror, read for the inbox: the steps the reader signs (no deadlines: nothing is due). */
export interface MirrorScan {
  procedure: string;
  mirror: MirrorName;
  steps: string[];
}

export interface WorkItemRow {
  procedure: string;
  procedure_id: string;
  path_id: string;
  workflow_id: string;
  village_code: string;
  step: string;
  since: Date;
  total: number;
  household_steps: number;
}

/**
 * Each mirror's rows at a step the reader signs inside their division ($1 their code, $2 the village filter): the
 * run's ids, its village (a project: its village or township), the step and when it was reached. A loan's county
 * code leads its (county_code, step) index.
 */
const MIRRORS: Record<MirrorName, (steps: string) => string> = {
  microcredit_loan: (steps) =>
    `SELECT l.id AS procedure_id, l.id AS path_id, l.workflow_id, l.village_code, l.step, l.step_since
       FROM microcredit_loan l
      WHERE l.county_code = left($1, 6) AND l.village_code LIKE $1 || '%' AND l.village_code LIKE $2 || '%'
        AND l.step = ANY(${steps}::text[])`,
  project_funds: (steps) =>
    `SELECT f.project_id AS procedure_id, f.project_id AS path_id, f.workflow_id, p.division_code AS village_code,
            f.step, f.step_since
       FROM project_funds f JOIN industry_project p ON p.id = f.project_id
      WHERE p.division_code LIKE $1 || '%' AND p.division_code LIKE $2 || '%' AND f.step = ANY(${steps}::text[])`,
};

const SORTS: Record<WorkItemsQuery['sort'], string> = {
  due: 'village_code, since, procedure_id',
  village: 'village_code, since, procedure_id',
  since: 'since, village_code, procedure_id',
};

/**
 * 待办 from the loans' and the project funds' step mirrors (ADR 0019): one item per loan or project at a step the
 * reader signs. Neither procedure has deadlines, so nothing is due, overdue or escalated: `dueBefore` and
 * `overdue=true` match nothing, and "by deadline" orders by village then waiting time. One statement (UNION ALL).
 */
@Injectable()
export class WorkItemRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  async list(scans: MirrorScan[], reader: { code: string }, q: WorkItemsQuery): Promise<WorkItemRow[]> {
    const live = scans.filter((s) => s.steps.length > 0);
    if (live.length === 0 || q.overdue === true || q.dueBefore) return [];
    const params: unknown[] = [reader.code, q.village ?? reader.code];
    const p = (v: unknown) => `$${params.push(v)}`;
    const branches = live.map(
      (s) =>
        `SELECT ${p(s.procedure)}::text AS procedure, procedure_id::text, path_id::text, workflow_id, village_code, step,
                step_since AS since
           FROM (${MIRRORS[s.mirror](p(s.steps))}) m`,
    );
    return this.db.$queryRawUnsafe<WorkItemRow[]>(
      `SELECT *, count(*) OVER ()::int AS total, count(*) OVER ()::int AS household_steps
         FROM (${branches.join(' UNION ALL ')}) items
        ORDER BY ${SORTS[q.sort]} LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`,
      ...params,
    );
  }
}
