import { Injectable } from '@nestjs/common';
import type { Principal } from '@fupin/auth';
import {
  LOAN_STEP_LABELS,
  PROJECT_FUNDS_ACTORS,
  PROJECT_FUNDS_STEP_LABELS,
  type ProjectFundsActor,
} from '@fupin/industry-rules';
import type { LocalizedMessage } from '@fupin/localized';
import type { WorkItem, WorkItemList, WorkItemsQuery } from '@fupin/service-kit';
import { type Reader, actionsSignedBy, readerOf, signerRole } from '@fupin/service-kit';
import { type MirrorScan, type WorkItemRow, WorkItemRepository } from './work-item.repository';

type Actors = Readonly<Record<string, readonly ProjectFundsActor[]>>;

/**
 * 扶贫小额信贷: who signs each step a loan waits at, as the loan procedure's actor table (microcredit-procedure
 * `ACTORS`: villageChecked, bankDecided, disbursed) has them — restated by step; signers.spec pins it to the rules.
 */
export const LOAN_STEP_ACTORS: Actors = {
  village_check: [{ role: 'village_cadre', level: 'village' }],
  bank_approval: [{ role: 'bank', level: 'county' }],
  disbursement: [{ role: 'bank', level: 'county' }],
};

/**
 * 项目资金: who signs the checkpoint each step waits for (PROJECT_FUNDS_ACTORS). The acceptance is the committee's,
 * its record entered by the county industry office or the township (as the acceptance endpoint allows); the notice and
 * its publicity are notice-service's. Objections awaiting re-examination are the workflow's alone (not mirrored).
 */
export const PROJECT_FUNDS_STEP_ACTORS: Actors = {
  allocation: PROJECT_FUNDS_ACTORS.allocated,
  implementation: PROJECT_FUNDS_ACTORS.implementationStarted,
  acceptance: [...PROJECT_FUNDS_ACTORS.registered, ...PROJECT_FUNDS_ACTORS.implementationStarted],
  rectification: PROJECT_FUNDS_ACTORS.rectified,
  disbursement: PROJECT_FUNDS_ACTORS.disbursed,
};

interface ProcedureOf {
  label: LocalizedMessage;
  path: (id: string) => string;
  mirror: MirrorScan['mirror'];
  actors: Actors;
  labels: Readonly<Record<string, LocalizedMessage>>;
}

const PROCEDURES: Readonly<Record<string, ProcedureOf>> = {
  microcredit_loan: {
    label: { 'zh-CN': '扶贫小额信贷', en: 'Microcredit loan' },
    path: (id) => `/loans/${id}`,
    mirror: 'microcredit_loan',
    actors: LOAN_STEP_ACTORS,
    labels: LOAN_STEP_LABELS,
  },
  project_funds: {
    label: { 'zh-CN': '产业项目资金', en: 'Project funds' },
    path: (id) => `/projects/${id}/funds`,
    mirror: 'project_funds',
    actors: PROJECT_FUNDS_STEP_ACTORS,
    labels: PROJECT_FUNDS_STEP_LABELS,
  },
};

const EMPTY: WorkItemList = { items: [], total: 0, householdSteps: 0 };

/**
 * 待办 of industry: loans at the village check, the bank's approval or its disbursement, and projects' funds at a
 * signed checkpoint, inside the reader's division (a department officer: the division of their dept:<d>@<code>).
 * No step here has a deadline: items are never due, overdue or escalated.
 */
@Injectable()
export class WorkItemService {
  constructor(private readonly repository: WorkItemRepository) {}

  async list(principal: Principal, q: WorkItemsQuery): Promise<WorkItemList> {
    const reader = readerOf(principal);
    if (!reader || (q.village && !q.village.startsWith(reader.code) && !reader.code.startsWith(q.village)))
      return EMPTY;
    const scans = Object.entries(PROCEDURES)
      .filter(([name]) => !q.procedure || q.procedure === name)
      .map(([procedure, p]) => ({ procedure, mirror: p.mirror, steps: actionsSignedBy(p.actors, reader) }));
    const village = q.village && q.village.length > reader.code.length ? q.village : undefined;
    const rows = await this.repository.list(scans, reader, { ...q, village });
    return {
      items: rows.map((r) => toItem(r, reader)),
      total: rows[0]?.total ?? 0,
      householdSteps: rows[0]?.household_steps ?? 0,
    };
  }
}

function toItem(r: WorkItemRow, reader: Reader): WorkItem {
  const p = PROCEDURES[r.procedure];
  return {
    service: 'industry-service',
    procedure: r.procedure,
    procedureLabel: p.label,
    procedureId: r.procedure_id,
    workflowId: r.workflow_id,
    path: p.path(r.path_id),
    villageCode: r.village_code,
    step: r.step,
    stepLabel: p.labels[r.step] ?? { 'zh-CN': r.step, en: r.step },
    role: signerRole(p.actors[r.step], reader),
    households: 1,
    overdueHouseholds: 0,
    escalatedHouseholds: 0,
    escalatedToMe: false,
    since: r.since.toISOString(),
    dueAt: null,
  };
}
