import { Injectable } from '@nestjs/common';
import type { Principal } from '@fupin/auth';
import { EXIT_STEP_ACTORS, EXIT_STEP_LABELS } from '@fupin/exit-rules';
import { STEP_ACTORS, STEP_LABELS } from '@fupin/identification-rules';
import { VILLAGE_EXIT_HUMAN_STEPS, VILLAGE_EXIT_STEP_LABELS } from '@fupin/identification-workflows';
import type { LocalizedMessage } from '@fupin/localized';
import {
  InjectConfig,
  readerOf,
  signsAs,
  type WorkItem,
  type WorkItemList,
  type WorkItemsQuery,
} from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { MONITORING_STEP_ACTORS, MONITORING_STEP_LABELS } from './step-mirror';
import { type MirrorScan, type WorkItemRow, WorkItemRepository } from './work-item.repository';

type Actors = Readonly<Record<string, { role: string; level: string }>>;

interface ProcedureOf {
  label: LocalizedMessage;
  path: string;
  mirror: MirrorScan['mirror'];
  actors: Actors;
  labels: Readonly<Record<string, LocalizedMessage>>;
  deadlines: (config: IdentificationConfig) => Record<string, number>;
}

/** 贫困村退出: the county approver answers the objections and decides (the workflow's assertCountyApprover). */
const VILLAGE_EXIT_ACTORS: Actors = Object.fromEntries(
  VILLAGE_EXIT_HUMAN_STEPS.map((s) => [s, { role: 'county_approver', level: 'county' }]),
);

/** The procedures of this service whose steps people sign, as the inbox reads them. */
const PROCEDURES: Record<string, ProcedureOf> = {
  identification_round: {
    label: { 'zh-CN': '贫困户识别', en: 'Identification round' },
    path: '/rounds/',
    mirror: 'round_household',
    actors: STEP_ACTORS,
    labels: STEP_LABELS,
    deadlines: (c) => ({ ...c.procedure.stepDeadlineSeconds }),
  },
  household_exit: {
    label: { 'zh-CN': '贫困户退出', en: 'Household exit' },
    path: '/exits/',
    mirror: 'exit_household',
    actors: EXIT_STEP_ACTORS,
    labels: EXIT_STEP_LABELS,
    deadlines: (c) => ({ ...c.exit.round.stepDeadlineSeconds }),
  },
  village_exit: {
    label: { 'zh-CN': '贫困村退出', en: 'Village exit' },
    path: '/village-exits/',
    mirror: 'village_exit',
    actors: VILLAGE_EXIT_ACTORS,
    labels: VILLAGE_EXIT_STEP_LABELS,
    deadlines: (c) => ({ ...c.villageExit.stepDeadlineSeconds, notice: c.exitArea.villageExitNoticeSeconds }),
  },
  relapse_monitoring: {
    label: { 'zh-CN': '防止返贫监测', en: 'Relapse monitoring' },
    path: '/monitoring/',
    mirror: 'monitored_household',
    actors: MONITORING_STEP_ACTORS,
    labels: MONITORING_STEP_LABELS,
    deadlines: (c) => ({ measure: c.monitoring.workflow.measureDeadlineSeconds }),
  },
};

/**
 * 待办 of identification: the identification rounds' and exit rounds' household steps, the county's steps of village
 * exits and the first support measure of monitored households, waiting for the reader. Their signers all hold a
 * division (a department officer signs none of these steps: the controller does not let one ask).
 */
@Injectable()
export class WorkItemService {
  constructor(
    private readonly repository: WorkItemRepository,
    @InjectConfig() private readonly config: IdentificationConfig,
  ) {}

  async list(principal: Principal, q: WorkItemsQuery): Promise<WorkItemList> {
    const reader = readerOf(principal);
    if (!reader || (q.village && !q.village.startsWith(reader.code) && !reader.code.startsWith(q.village)))
      return { items: [], total: 0, householdSteps: 0 };
    const { code: jurisdiction, level } = reader;
    const scans = Object.entries(PROCEDURES)
      .filter(([name]) => !q.procedure || q.procedure === name)
      .map(([procedure, p]) => ({
        procedure,
        mirror: p.mirror,
        steps: Object.keys(p.actors).filter((s) => signsAs(p.actors[s], reader)),
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
    path: p.path + r.path_id,
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
