import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { shanghaiDate } from '@fupin/exit-rules';
import { screeningWorkflow } from '@fupin/identification-workflows';
import { DomainError, InjectWorkflows, type Workflows } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { isoDay } from '../db';
import { actorOf } from '../procedure-http';
import { type ExportedResult, writeScreeningXlsx } from './screening-xlsx';
import { SCREENING_OUTCOME_LABELS, type ScreeningCriteria, type ScreeningOutcome } from './screening-outcome';
import { ScreeningRepository, type ScreeningResultRow, type ScreeningRow } from './screening.repository';
import type { ScreeningResultsQuery, StartScreeningInput } from './screening.schema';

/**
 * Where screenings run: the workflow on the orchestration task queue, its activities on identification's. Tests that
 * run their own workers on the shared Temporal point these at task queues of their own.
 */
@Injectable()
export class ScreeningQueues {
  workflow: string = TaskQueues.orchestration;
  activity: string = TaskQueues.identification;
}

/** Rows per page the XLSX export reads. */
const EXPORT_PAGE = 5000;

/**
 * 动态监测筛查: started by a county approver for a division of the county, or — there is no province or city role — by
 * a workflow operator whose division jurisdiction covers the division (a province or city code); read by them and by
 * auditors within their jurisdiction.
 */
@Injectable()
export class ScreeningService {
  constructor(
    private readonly screenings: ScreeningRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    private readonly queues: ScreeningQueues,
  ) {}

  /** Recorded once per key (one running per division and year); its workflow started, or found running. */
  async start(principal: Principal, input: StartScreeningInput, key: string) {
    assertMayStart(principal, input.divisionCode);
    void this.workflows.temporal; // 503 while Temporal is not connected, before anything is recorded
    const asOf = shanghaiDate(new Date());
    const result = await this.screenings.start({ ...input, asOf }, actorOf(principal), key);
    const row = await this.screenings.load(result.body.screeningId);
    if (row?.status === 'running') await this.ensureStarted(row);
    return {
      status: result.replayed ? 200 : result.status,
      body: { ...result.body, status: row?.status ?? 'running' },
    };
  }

  async get(principal: Principal, id: string) {
    return screeningBody(await this.readable(principal, id));
  }

  async results(principal: Principal, id: string, q: ScreeningResultsQuery) {
    const s = await this.readable(principal, id);
    const filter = { outcome: q.outcome, village: q.village, after: q.cursor, limit: q.limit };
    const rows = await this.screenings.results(s.id, filter);
    const last = rows.length === q.limit ? rows[rows.length - 1].household_id : null;
    return { screeningId: s.id, results: rows.map(resultBody), nextCursor: last };
  }

  /** The results as XLSX, streamed page by page into `out`; the file name once access is checked. */
  async exportXlsx(principal: Principal, id: string, open: (fileName: string) => Writable): Promise<number> {
    const s = await this.readable(principal, id);
    const pages = this.pages(s.id);
    return writeScreeningXlsx(open(`screening-${s.division_code}-${s.income_year}-${s.id.slice(0, 8)}.xlsx`), pages);
  }

  private async *pages(id: string): AsyncIterable<ExportedResult[]> {
    let after: string | undefined;
    for (;;) {
      const rows = await this.screenings.results(id, { after, limit: EXPORT_PAGE });
      if (rows.length > 0) yield rows.map(resultBody);
      if (rows.length < EXPORT_PAGE) return;
      after = rows[rows.length - 1].household_id;
    }
  }

  private async readable(principal: Principal, id: string): Promise<ScreeningRow> {
    const s = await this.screenings.load(id);
    if (!s)
      throw new DomainError(404, 'screening.not_found', {
        'zh-CN': `筛查 ${id} 不存在`,
        en: `screening ${id} does not exist`,
      });
    assertJurisdiction(principal, s.division_code, 'divisionCode');
    return s;
  }

  /** Start its workflow unless it runs already (idempotent by the business key `screening:<id>`). */
  private async ensureStarted(s: ScreeningRow): Promise<void> {
    try {
      await this.workflows.temporal.workflow.start(screeningWorkflow, {
        taskQueue: this.queues.workflow,
        workflowId: s.workflow_id,
        args: [{ screeningId: s.id, activityTaskQueue: this.queues.activity }],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
  }
}

/** County approvers within their county; workflow operators within their division jurisdiction (province, city…). */
function assertMayStart(principal: Principal, divisionCode: string): void {
  if (principal.role === 'workflow_operator' && principal.jurisdiction.kind !== 'division')
    throw new DomainError(
      403,
      'screening.division_jurisdiction_required',
      {
        'zh-CN': '发起筛查须持有行政区划辖区（省、市或县）',
        en: 'starting a screening needs a division jurisdiction (province, city or county)',
      },
      'divisionCode',
    );
  assertJurisdiction(principal, divisionCode, 'divisionCode');
}

export function screeningBody(s: ScreeningRow) {
  const percent = s.total === 0 ? 100 : Math.min(100, Math.round((s.processed / s.total) * 1000) / 10);
  return {
    id: s.id,
    screeningId: s.id,
    workflowId: s.workflow_id,
    divisionCode: s.division_code,
    incomeYear: s.income_year,
    status: s.status as 'running' | 'completed' | 'failed',
    total: s.total,
    processed: s.processed,
    percent,
    counts: {
      mayExit: s.may_exit,
      noLongerEligible: s.no_longer_eligible,
      enterMonitoring: s.enter_monitoring,
      relapse: s.relapse,
      undecided: s.undecided,
    },
    asOf: isoDay(s.as_of),
    startedAt: s.started_at.toISOString(),
    finishedAt: s.finished_at?.toISOString() ?? null,
    createdBy: s.created_by,
    failure: (s.failure as { 'zh-CN': string; en: string } | null) ?? null,
    links: {
      self: `/screenings/${s.id}`,
      results: `/screenings/${s.id}/results`,
      xlsx: `/screenings/${s.id}/results.xlsx`,
    },
  };
}

function resultBody(r: ScreeningResultRow): ExportedResult & { outcomeLabel: { 'zh-CN': string; en: string } } {
  const outcome = r.outcome as ScreeningOutcome;
  return {
    householdId: r.household_id,
    villageCode: r.village_code,
    outcome,
    outcomeLabel: SCREENING_OUTCOME_LABELS[outcome],
    perCapitaFen: r.per_capita_fen === null ? null : Number(r.per_capita_fen),
    criteria: r.criteria as unknown as ScreeningCriteria,
  };
}
