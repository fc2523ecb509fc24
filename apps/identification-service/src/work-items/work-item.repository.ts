import { Injectable } from '@nestjs/common';
import type { WorkItemsQuery } from '@fupin/service-kit';
import { InjectDb } from '@fupin/service-kit';
import type { IdentificationDb } from '../db';

/** One procedure's step mirror, read for the inbox: which table, which run table, which steps the reader signs. */
export interface MirrorScan {
  procedure: string;
  mirror: 'round_household' | 'exit_household';
  run: 'identification_round' | 'exit_round';
  /** The steps the reader's role signs (their village prefix is the reader's jurisdiction). */
  steps: string[];
  /** Each human step's deadline, seconds (the service's configuration, as its workflows are given it). */
  deadlines: Record<string, number>;
}

export interface WorkItemRow {
  procedure: string;
  procedure_id: string;
  workflow_id: string;
  village_code: string;
  step: string;
  households: number;
  overdue: number;
  escalated: number;
  escalated_to_me: boolean;
  since: Date;
  due_at: Date | null;
  total: number;
  household_steps: number;
}

const SORTS: Record<WorkItemsQuery['sort'], string> = {
  due: 'due_at ASC NULLS LAST, village_code, procedure_id, step',
  village: 'village_code, due_at ASC NULLS LAST, procedure_id, step',
  since: 'since, village_code, procedure_id, step',
};

/**
 * 待办 from the step mirrors (ADR 0019): the households at a step the reader signs inside their jurisdiction, or whose
 * missed deadline was escalated to the reader's role and level, grouped per run and step. One statement; the mirrors'
 * step index and the runs' village codes keep it fast (npm run bench:inbox).
 */
@Injectable()
export class WorkItemRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  async list(
    scans: MirrorScan[],
    reader: { role: string; jurisdiction: string; level: string },
    q: WorkItemsQuery,
  ): Promise<WorkItemRow[]> {
    if (scans.length === 0) return [];
    const params: unknown[] = [reader.jurisdiction, reader.role, reader.level, q.village ?? reader.jurisdiction];
    const add = (v: unknown) => `$${params.push(v)}`;
    const branches = scans.map((s) => {
      const steps = add(s.steps);
      const deadlines = add(JSON.stringify(s.deadlines));
      return `SELECT '${s.procedure}' AS procedure, r.id AS procedure_id, r.workflow_id, r.village_code, m.step,
                     m.step_since, m.escalation_times, NOT (m.step = ANY(${steps}::text[])) AS to_me,
                     COALESCE(m.escalated_at, m.step_since) + make_interval(secs => (${deadlines}::jsonb ->> m.step)::float8) AS due_at
                FROM ${s.mirror} m JOIN ${s.run} r ON r.id = m.round_id
               WHERE r.village_code LIKE $1 || '%' AND r.village_code LIKE $4 || '%'
                 AND (m.step = ANY(${steps}::text[]) OR (m.escalated_role = $2 AND m.escalated_level = $3))`;
    });
    const having: string[] = [];
    if (q.overdue !== undefined) having.push(`count(*) FILTER (WHERE due_at < now()) ${q.overdue ? '> 0' : '= 0'}`);
    if (q.dueBefore) having.push(`min(due_at) < ${add(q.dueBefore)}::timestamptz`);
    const limit = add(q.limit);
    const offset = add(q.offset);
    return this.db.$queryRawUnsafe<WorkItemRow[]>(
      `WITH waiting AS (${branches.join(' UNION ALL ')}),
            items AS (
              SELECT procedure, procedure_id::text, workflow_id, village_code, step,
                     count(*)::int AS households,
                     count(*) FILTER (WHERE due_at < now())::int AS overdue,
                     count(*) FILTER (WHERE escalation_times > 0)::int AS escalated,
                     bool_and(to_me) AS escalated_to_me,
                     min(step_since) AS since, min(due_at) AS due_at
                FROM waiting GROUP BY procedure, procedure_id, workflow_id, village_code, step
                ${having.length ? `HAVING ${having.join(' AND ')}` : ''})
       SELECT *, count(*) OVER ()::int AS total, (sum(households) OVER ())::int AS household_steps
         FROM items ORDER BY ${SORTS[q.sort]} LIMIT ${limit} OFFSET ${offset}`,
      ...params,
    );
  }
}
