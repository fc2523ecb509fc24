import { Injectable } from '@nestjs/common';
import type { WorkItemsQuery } from '@fupin/service-kit';
import { InjectDb } from '@fupin/service-kit';
import type { IdentificationDb } from '../db';

/** The step mirrors of this service the inbox reads (ADR 0019). */
export type MirrorName = 'round_household' | 'exit_household' | 'village_exit' | 'monitored_household';

/** One procedure's step mirror, read for the inbox: which mirror, which steps the reader signs, their deadlines. */
export interface MirrorScan {
  procedure: string;
  mirror: MirrorName;
  /** The steps the reader's role signs (their village prefix is the reader's jurisdiction). */
  steps: string[];
  /**
   * Each human step's deadline, seconds (the service's configuration, as its workflows are given it); for the village
   * exit also `notice`, the township notice's length (the county's steps begin when it ends).
   */
  deadlines: Record<string, number>;
}

export interface WorkItemRow {
  procedure: string;
  procedure_id: string;
  path_id: string;
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

/** SQL text bound to this statement's parameters: `p(value)` adds one and answers its placeholder. */
type Bind = (value: unknown) => string;

/**
 * How one mirror is read: its rows (`m`, with the run's ids and village) and the columns the inbox derives from them —
 * the step waiting, when it began, and its deadline (`d`: the placeholder of the deadlines, jsonb by step).
 */
interface MirrorSql {
  from: (d: string) => string;
  id: string;
  pathId: string;
  workflowId: string;
  village: string;
  step: string;
  since: string;
  due: (d: string) => string;
  /** Rows that wait for nobody yet (or any more), left out. */
  where?: string;
}

const seconds = (d: string, step: string) => `make_interval(secs => (${d}::jsonb ->> ${step})::float8)`;
/** Most steps: the deadline runs from the step's start, and again from each miss (each rung gets the time again). */
const fromLastMiss = (d: string) => `COALESCE(m.escalated_at, m.step_since) + ${seconds(d, 'm.step')}`;
const ofRound = (mirror: string, run: string): MirrorSql => ({
  from: () => `${mirror} m JOIN ${run} r ON r.id = m.round_id`,
  id: 'r.id',
  pathId: 'r.id',
  workflowId: 'r.workflow_id',
  village: 'r.village_code',
  step: 'm.step',
  since: 'm.step_since',
  due: fromLastMiss,
});

const MIRRORS: Record<MirrorName, MirrorSql> = {
  round_household: ofRound('round_household', 'identification_round'),
  exit_household: ofRound('exit_household', 'exit_round'),
  // 贫困村退出: in notice since step_since; the county's steps begin when the notice ends. Until a miss names the step
  // (objection_answers or county_decision), it reads as the decision (objections are notice-service's, not here).
  village_exit: {
    from: (d) => `(SELECT v.*, CASE v.step WHEN 'notice' THEN 'county_decision' ELSE v.step END AS county_step,
                          v.step_since + ${seconds(d, "'notice'")} AS county_since
                     FROM village_exit v WHERE v.status = 'in_notice') m`,
    id: 'm.id',
    pathId: 'm.id',
    workflowId: 'm.workflow_id',
    village: 'm.village_code',
    step: 'm.county_step',
    since: 'm.county_since',
    due: (d) => `COALESCE(m.escalated_at, m.county_since) + ${seconds(d, 'm.county_step')}`,
    where: 'm.county_since <= now()',
  },
  // 防止返贫监测: the first measure is due a fixed time after entry (measureStatus); its misses remind the next rung
  monitored_household: {
    from: () => `monitored_household m`,
    id: 'm.id',
    pathId: 'm.household_id',
    workflowId: 'm.workflow_id',
    village: 'm.village_code',
    step: 'm.step',
    since: 'm.step_since',
    due: (d) => `m.step_since + ${seconds(d, 'm.step')}`,
    where: `m.status IN ('monitoring', 'clearing')`,
  },
};

/** The rows of one mirror waiting for the reader ($1 jurisdiction, $2 role, $3 level, $4 village filter). */
function branch(scan: MirrorScan, p: Bind): string {
  const x = MIRRORS[scan.mirror];
  const steps = p(scan.steps);
  const d = p(JSON.stringify(scan.deadlines));
  return `SELECT ${p(scan.procedure)}::text AS procedure, ${x.id} AS procedure_id, ${x.pathId} AS path_id,
                 ${x.workflowId} AS workflow_id, ${x.village} AS village_code, ${x.step} AS step,
                 ${x.since} AS step_since, m.escalation_times, NOT (${x.step} = ANY(${steps}::text[])) AS to_me,
                 ${x.due(d)} AS due_at
            FROM ${x.from(d)}
           WHERE ${x.village} LIKE $1 || '%' AND ${x.village} LIKE $4 || '%'${x.where ? ` AND ${x.where}` : ''}
             AND (${x.step} = ANY(${steps}::text[]) OR (m.escalated_role = $2 AND m.escalated_level = $3))`;
}

const SORTS: Record<WorkItemsQuery['sort'], string> = {
  due: 'due_at ASC NULLS LAST, village_code, procedure_id, step',
  village: 'village_code, due_at ASC NULLS LAST, procedure_id, step',
  since: 'since, village_code, procedure_id, step',
};

/**
 * 待办 from the step mirrors (ADR 0019): the rows at a step the reader signs inside their jurisdiction, or whose
 * missed deadline was escalated to the reader's role and level, grouped per run and step. One statement (a UNION ALL
 * of each mirror's rows); the mirrors' step index and the runs' village codes keep it fast (npm run bench:inbox).
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
    const p: Bind = (v) => `$${params.push(v)}`;
    const branches = scans.map((s) => branch(s, p));
    const having: string[] = [];
    if (q.overdue !== undefined) having.push(`count(*) FILTER (WHERE due_at < now()) ${q.overdue ? '> 0' : '= 0'}`);
    if (q.dueBefore) having.push(`min(due_at) < ${p(q.dueBefore)}::timestamptz`);
    const limit = p(q.limit);
    const offset = p(q.offset);
    return this.db.$queryRawUnsafe<WorkItemRow[]>(
      `WITH waiting AS (${branches.join(' UNION ALL ')}),
            items AS (
              SELECT procedure, procedure_id::text, path_id::text, workflow_id, village_code, step,
                     count(*)::int AS households,
                     count(*) FILTER (WHERE due_at < now())::int AS overdue,
                     count(*) FILTER (WHERE escalation_times > 0)::int AS escalated,
                     bool_and(to_me) AS escalated_to_me,
                     min(step_since) AS since, min(due_at) AS due_at
                FROM waiting GROUP BY procedure, procedure_id, path_id, workflow_id, village_code, step
                ${having.length ? `HAVING ${having.join(' AND ')}` : ''})
       SELECT *, count(*) OVER ()::int AS total, (sum(households) OVER ())::int AS household_steps
         FROM items ORDER BY ${SORTS[q.sort]} LIMIT ${limit} OFFSET ${offset}`,
      ...params,
    );
  }
}
