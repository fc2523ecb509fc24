import { Injectable } from '@nestjs/common';
import type { Principal } from '@fupin/auth';
import type { LocalizedMessage } from '@fupin/localized';
import { RELOCATION_ACTION_LABELS, RELOCATION_STEP_ACTORS } from '@fupin/relocation-rules';
import { InjectConfig, type WorkItem, type WorkItemList, type WorkItemsQuery } from '@fupin/service-kit';
import type { RelocationConfig } from '../config';
import { type CaseItemRow, WorkItemRepository } from './work-item.repository';
import { type Reader, actionsSignedBy, readerOf, signerRole } from '@fupin/service-kit';

/** The case kinds as inbox procedures: 易地扶贫搬迁 and 危房改造 run the same case workflow (its actions and deadlines). */
const PROCEDURES: Readonly<Record<string, { kind: string; label: LocalizedMessage }>> = {
  relocation_case: { kind: 'relocation', label: { 'zh-CN': '易地扶贫搬迁', en: 'Relocation case' } },
  renovation_case: { kind: 'renovation', label: { 'zh-CN': '危房改造', en: 'Dangerous-house renovation' } },
};
const PROCEDURE_OF_KIND = Object.fromEntries(Object.entries(PROCEDURES).map(([name, p]) => [p.kind, name]));

/** The human actions of a case (the consent and the withdrawal are asked for by nobody: they wait for no one). */
const { consent: _consent, withdrawal: _withdrawal, ...ACTORS } = RELOCATION_STEP_ACTORS;
export const CASE_ACTORS = ACTORS;

const EMPTY: WorkItemList = { items: [], total: 0, householdSteps: 0 };

/**
 * 待办 of relocation: the cases (relocation and renovation) whose next action the reader signs — the village's plan,
 * move-in, reclamation and follow-up, the township's review, the county relocation office's approvals, the
 * construction supervisor's milestones (dept:relocation or dept:housing) — inside the reader's division, and those
 * whose last missed deadline was escalated to the reader (township reviewer, county approver).
 */
@Injectable()
export class WorkItemService {
  constructor(
    private readonly repository: WorkItemRepository,
    @InjectConfig() private readonly config: RelocationConfig,
  ) {}

  async list(principal: Principal, q: WorkItemsQuery): Promise<WorkItemList> {
    const reader = readerOf(principal);
    if (!reader || (q.procedure && !PROCEDURES[q.procedure])) return EMPTY;
    if (q.village && !q.village.startsWith(reader.code) && !reader.code.startsWith(q.village)) return EMPTY;
    const kinds = Object.entries(PROCEDURES)
      .filter(([name]) => !q.procedure || q.procedure === name)
      .map(([, p]) => p.kind);
    const scan = {
      kinds,
      actions: actionsSignedBy(ACTORS, reader),
      deadlines: { ...this.config.relocation.caseDeadlines.deadlineSeconds },
    };
    const village = q.village && q.village.length > reader.code.length ? q.village : undefined;
    const rows = await this.repository.list(scan, reader, { ...q, village });
    return {
      items: rows.map((r) => toItem(r, reader)),
      total: rows[0]?.total ?? 0,
      householdSteps: rows[0]?.household_steps ?? 0,
    };
  }
}

function toItem(r: CaseItemRow, reader: Reader): WorkItem {
  const procedure = PROCEDURE_OF_KIND[r.kind];
  const action = r.step as keyof typeof ACTORS;
  return {
    service: 'relocation-service',
    procedure,
    procedureLabel: PROCEDURES[procedure].label,
    procedureId: r.procedure_id,
    workflowId: r.workflow_id,
    path: `/cases/${r.procedure_id}`,
    villageCode: r.village_code,
    step: r.step,
    stepLabel: RELOCATION_ACTION_LABELS[action] ?? { 'zh-CN': r.step, en: r.step },
    role: signerRole(ACTORS[action], reader),
    households: r.households,
    overdueHouseholds: r.overdue,
    escalatedHouseholds: r.escalated,
    escalatedToMe: r.escalated_to_me,
    since: r.since.toISOString(),
    dueAt: r.due_at ? r.due_at.toISOString() : null,
  };
}
