import { uuid4, workflowInfo } from '@temporalio/workflow';
import type { NoticeActivities, OpenNoticeInput } from '@fupin/workflows';
import type {
  CheckReason,
  ClearingFacts,
  MonitoringActivities,
  MonitoringSigner,
  NoticeHead,
  RelapseMonitoringInput,
} from './definitions';
import type { MonitoringCase } from './state';

/** The village notice of a risk clearing (风险消除村级公示): the household, and why its risk is to be cleared. */
function clearingNotice(
  { householdId, villageCode, config }: RelapseMonitoringInput,
  head: NoticeHead,
  facts: ClearingFacts,
): Omit<OpenNoticeInput, 'noticeId' | 'ownerWorkflowId'> {
  return {
    kind: 'village_notice',
    procedure: 'monitoring',
    divisionCode: villageCode,
    title: { 'zh-CN': '防止返贫监测对象风险消除村级公示', en: 'Relapse monitoring: village notice of risk clearing' },
    entries: [
      {
        entryId: householdId,
        ...head,
        villageCode,
        decision: '拟消除返贫风险 / risk to be cleared',
        reason: `收入持续稳定超过监测线${facts.monthsStableAboveMonitoringLine}个月 / income stably above the monitoring line`,
      },
    ],
    durationSeconds: config.noticeSeconds,
  };
}

/**
 * What relapse monitoring does with the register and notice-service, each step on the case's state: the re-check
 * (核查) and a relapse (返贫), the escalation of a missing measure, the clearing notice opening and closing, a
 * clearing stopped. The main loop's passes and the update handlers call them (under the lock, kernel version).
 */
export class MonitoringSteps {
  constructor(
    readonly c: MonitoringCase,
    readonly monitoring: MonitoringActivities,
    readonly notices: NoticeActivities,
  ) {}

  /** monitoringId and householdId, as every register activity takes them. */
  get ids(): { monitoringId: string; householdId: string } {
    return { monitoringId: this.c.input.monitoringId, householdId: this.c.input.householdId };
  }

  /** 核查: the latest survey against the lines; below the poverty line monitoring ends as a relapse (返贫). */
  async recheck(reason: CheckReason, detail?: string): Promise<void> {
    const check = await this.monitoring.recheckHousehold({ ...this.ids, reason, detail });
    this.c.checked(check);
    if (check.outcome !== 'relapsed') return;
    const noticeId = this.c.openNoticeId();
    if (noticeId) await this.notices.closeNotice({ noticeId });
    await this.monitoring.recordRelapse({ ...this.ids, check });
    this.c.relapsed();
  }

  /** Close the clearing notice once its period has ended; objections filed meanwhile go to the township. */
  async closeDueNotice(): Promise<void> {
    const clearing = this.c.dueNotice();
    if (!clearing) return;
    const closed = await this.notices.closeNotice({ noticeId: clearing.noticeId });
    this.c.noticeClosed(clearing, closed.filed ?? []);
  }

  /** No measure by the deadline: each escalation rung (village → township → county) is recorded once. */
  async recordEscalation(): Promise<void> {
    const due = this.c.dueEscalation();
    if (!due) return;
    await this.monitoring.recordEscalation({ ...this.ids, level: due.escalationLevel, due: due.due });
    this.c.escalationRecorded(due.escalationLevel);
  }

  /** A clearing stage past its deadline: each rung (township → county → county and operator) recorded once. */
  async recordClearingEscalation(): Promise<void> {
    const due = this.c.dueClearingEscalation();
    if (!due) return;
    await this.monitoring.recordClearingEscalation({ ...this.ids, villageCode: this.c.input.villageCode, ...due });
    this.c.clearingEscalated(due);
  }

  /** Open the clearing's village notice (公示) for the notice period. */
  async openClearingNotice(facts: ClearingFacts): Promise<void> {
    const head = await this.monitoring.noticeHead({ householdId: this.c.input.householdId });
    const noticeId = uuid4();
    const opened = await this.notices.openNotice({
      noticeId,
      ...clearingNotice(this.c.input, head, facts),
      ownerWorkflowId: workflowInfo().workflowId,
    });
    this.c.noticeOpened(noticeId, opened.closesAt);
  }

  /** The clearing ends without clearing the risk (objection upheld, county rejects): monitoring goes on. */
  async stopClearing(event: 'withdrawn' | 'rejected', signer: MonitoringSigner | null, reason: string): Promise<void> {
    this.c.clearingStopped();
    await this.monitoring.recordClearing({ ...this.ids, event, signer, reason });
  }
}
