import { Injectable } from '@nestjs/common';
import { InjectDb, type WorkItemsQuery } from '@fupin/service-kit';
import type { RelocationDb } from '../db';

/** What the inbox asks of the case mirror: which kinds, the actions the reader signs, and each action's deadline. */
export interface CaseScan {
  /** relocation (易地扶贫搬迁) and/or renovation (危房改造). */
  kinds: string[];
  actions: string[];
  /** Seconds per action (the deadlines the case workflows are given). */
  deadlines: Record<string, number>;
}

export interface CaseItemRow {
  kind: string;
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
  due: 'due_at ASC NULLS LAST, village_code, procedure_id',
  village: 'village_code, due_at ASC NULLS LAST, procedure_id',
  since: 'since, village_code, procedure_id',
};

/**
 * 待办 from the cases' step mirror (ADR 0019): each case whose awaited action the reader signs inside their division,
 * or whose last miss was escalated to the reader's role and level — one item per case (one household), due its
 * deadline after the action began or after its last miss. One statement on relocation_case (pending_action index).
 */
@Injectable()
export class WorkItemRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  async list(
    scan: CaseScan,
    reader: { code: string; role: string; level: string },
    q: WorkItemsQuery,
  ): Promise<CaseItemRow[]> {
    const params: unknown[] = [reader.code, reader.role, reader.level, q.village ?? reader.code];
    const p = (v: unknown) => `$${params.push(v)}`;
    const actions = p(scan.actions);
    const deadline = `make_interval(secs => (${p(JSON.stringify(scan.deadlines))}::jsonb ->> c.pending_action)::float8)`;
    const filters: string[] = [];
    if (q.overdue !== undefined) filters.push(q.overdue ? 'due_at < now()' : '(due_at IS NULL OR due_at >= now())');
    if (q.dueBefore) filters.push(`due_at < ${p(q.dueBefore)}::timestamptz`);
    return this.db.$queryRawUnsafe<CaseItemRow[]>(
      `WITH items AS (
         SELECT c.kind, c.id::text AS procedure_id, c.workflow_id, c.village_code, c.pending_action AS step,
                1 AS households, c.step_since AS since, (c.escalation_times > 0)::int AS escalated,
                NOT (c.pending_action = ANY(${actions}::text[])) AS escalated_to_me,
                COALESCE(c.escalated_at, c.step_since) + ${deadline} AS due_at
           FROM relocation_case c
          WHERE c.kind = ANY(${p(scan.kinds)}::text[]) AND c.village_code LIKE $1 || '%' AND c.village_code LIKE $4 || '%'
            AND c.pending_action IS NOT NULL
            AND (c.pending_action = ANY(${actions}::text[]) OR (c.escalated_role = $2 AND c.escalated_level = $3)))
       SELECT *, COALESCE(due_at < now(), false)::int AS overdue, count(*) OVER ()::int AS total,
              (sum(households) OVER ())::int AS household_steps
         FROM items ${filters.length ? `WHERE ${filters.join(' AND ')}` : ''}
        ORDER BY ${SORTS[q.sort]} LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`,
      ...params,
    );
  }
}
