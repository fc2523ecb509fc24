import { Injectable } from '@nestjs/common';
import type { Principal } from '@fupin/auth';
import { EXIT_STEP_ACTORS, EXIT_STEP_LABELS } from '@fupin/exit-rules';
import { STEP_ACTORS, STEP_LABELS } from '@fupin/identification-rules';
import type { LocalizedMessage } from '@fupin/localized';
import { InjectConfig, type WorkItem, type WorkItemList, type WorkItemsQuery } from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { type MirrorScan, type WorkItemRow, WorkItemRepository } from './work-item.repository';

const LEVEL_OF_CODE: Record<number, string> = { 12: 'village', 9: 'township', 6: 'county' };

interface ProcedureOf {
  label: LocalizedMessage;
  path: string;
  mirror: MirrorScan['mirror'];
  run: MirrorScan['run'];
  actors: Readonly<Record<string, { role: string; level: string }>>;
  labels: Readonly<Record<string, LocalizedMessage>>;
  deadlines: (config: IdentificationConfig) => Record<string, number>;
}

/** The procedures of this service whose steps people sign, as the inbox reads them. */
const PROCEDURES: Record<string, ProcedureOf> = {
  identification_round: {
    label: { 'zh-CN': '贫困户识别', en: 'Identification round' },
    path: '/rounds/',
    mirror: 'round_household',
    run: 'identification_round',
    actors: STEP_ACTORS,
    labels: STEP_LABELS,
    deadlines: (c) => ({ ...c.procedure.stepDeadlineSeconds }),
  },
  household_exit: {
    label: { 'zh-CN': '贫困户退出', en: 'Household exit' },
    path: '/exits/',
    mirror: 'exit_household',
    run: 'exit_round',
    actors: EXIT_STEP_ACTORS,
    labels: EXIT_STEP_LABELS,
    deadlines: (c) => ({ ...c.exit.round.stepDeadlineSeconds }),
  },
};

/** 待办 of identification: the identification rounds' and exit rounds' household steps waiting for the reader. */
@Injectable()
export class WorkItemService {
  constructor(
    private readonly repository: WorkItemRepository,
    @InjectConfig() private readonly config: IdentificationConfig,
  ) {}

  async list(principal: Principal, q: WorkItemsQuery): Promise<WorkItemList> {
    const jurisdiction = principal.jurisdiction.kind === 'division' ? principal.jurisdiction.code : '';
    const level = LEVEL_OF_CODE[jurisdiction.length];
    if (!level || (q.village && !q.village.startsWith(jurisdiction) && !jurisdiction.startsWith(q.village)))
      return { items: [], total: 0, householdSteps: 0 };
    const scans = Object.entries(PROCEDURES)
      .filter(([name]) => !q.procedure || q.procedure === name)
      .map(([procedure, p]) => ({
        procedure,
        mirror: p.mirror,
        run: p.run,
        steps: Object.keys(p.actors).filter((s) => p.actors[s].role === principal.role && p.actors[s].level === level),
        deadlines: p.deadlines(this.config),
      }));
    const village = q.village && q.village.length > jurisdiction.length ? q.village : undefined;
    const rows = await this.repository.list(scans, { role: principal.role, jurisdiction, level }, { ...q, village });
    return {
      items: rows.map(toItem),
      total: rows[0]?.total ?? 0,
      householdSteps: rows[0]?.household_steps ?? 0,
    };
  }
}

function toItem(r: WorkItemRow): WorkItem {
  const p = PROCEDURES[r.procedure];
  return {
    service: 'identification-service',
    procedure: r.procedure,
    procedureLabel: p.label,
    procedureId: r.procedure_id,
    workflowId: r.workflow_id,
    path: p.path + r.procedure_id,
    villageCode: r.village_code,
    step: r.step,
    stepLabel: p.labels[r.step] ?? { 'zh-CN': r.step, en: r.step },
    role: p.actors[r.step]?.role ?? '',
    households: r.households,
    overdueHouseholds: r.overdue,
    escalatedHouseholds: r.escalated,
    escalatedToMe: r.escalated_to_me,
    since: r.since.toISOString(),
    dueAt: r.due_at ? r.due_at.toISOString() : null,
  };
}
