import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { addToOutbox } from '@fupin/messaging';
import type { RelocationHistoryEntry, RelocationStep } from '@fupin/relocation-rules';
import type {
  RelocationActivities,
  RelocationOutboxEvent,
  RelocationProgressRecord,
} from '@fupin/relocation-workflows';
import type { ServiceRuntime } from '@fupin/service-kit';
import type { RelocationConfig } from '../config';
import { type RelocationTx, relocationDb } from '../db';
import { PaymentRepository } from '../payments/payment.repository';
import { PaymentService } from '../payments/payment.service';
import { CaseWorkflowRepository, type ProgressChange, type ProgressRow } from './case-workflow.repository';

/** Who signs what the workflow does itself (payments, escalations, measures from other services' events). */
const SYSTEM = { subject: 'system:relocation-case', role: 'system', jurisdiction: 'system' };

/** The case row's status for each step of the procedure (the HTTP side wrote consented and planned). */
export const STATUS_OF_STEP: Readonly<Record<RelocationStep, string>> = {
  consented: 'planned',
  township_review: 'submitted',
  county_approval: 'submitted',
  construction: 'construction',
  lump_sum: 'approved',
  home_accepted: 'accepted',
  reclamation: 'moved_in',
  follow_up: 'reclaimed',
  completed: 'completed',
  withdrawn: 'withdrawn',
  refused: 'refused',
};

/** Payment references the workflow's payments carry: one per (case, milestone), so a retry cannot pay twice. */
export const paymentRefOf = (caseId: string, milestone: string): string => `RLC-${caseId}-${milestone}`;

const shanghaiDay = (at: string): string => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10);

/** The row's columns the new entries and the event set. */
export function progressChange(record: RelocationProgressRecord): ProgressChange {
  const change: ProgressChange = {
    status: STATUS_OF_STEP[record.step],
    step: record.step,
    recordedSeq: record.fromSeq + record.entries.length,
    ...(record.pending === undefined ? {} : { pending: record.pending }),
  };
  for (const e of record.entries) {
    if (e.action === 'reclamation_recorded')
      Object.assign(change, { reclaimedOn: shanghaiDay(e.at), landRightsKept: true });
    if (e.action === 'follow_up_recorded')
      change.followUp = { kind: (e.reason ?? 'manual').split(':')[0], on: shanghaiDay(e.at) };
    if (e.action === 'withdrawn') change.withdrawal = { at: e.at, reason: e.reason ?? '' };
  }
  if (record.event?.type === 'relocation.moved-in') change.movedInOn = record.event.payload.movedInOn;
  if (record.event?.type === 'housing.renovated') change.newGrade = record.event.payload.newGrade;
  return change;
}

const signerOf = (e: RelocationHistoryEntry) => (e.by === 'system' ? SYSTEM : e.by);

async function audit(tx: RelocationTx, c: ProgressRow, seq: number, e: RelocationHistoryEntry): Promise<void> {
  const signer = signerOf(e);
  await appendAudit(tx, {
    actorSubject: signer.subject,
    actorRole: signer.role,
    jurisdiction: signer.jurisdiction,
    action: `relocation.${e.action}`,
    subjectType: 'relocation_case',
    subjectId: c.id,
    after: { villageCode: c.villageCode, seq, ...e },
    reason: e.reason ?? e.action,
  });
}

async function publish(tx: RelocationTx, caseId: string, event: RelocationOutboxEvent): Promise<void> {
  const actor = SYSTEM;
  if (event.type === 'relocation.moved-in')
    await addToOutbox(
      tx,
      contracts.relocationMovedIn.topic,
      buildEvent(contracts.relocationMovedIn, { aggregateId: caseId, actor, payload: event.payload }),
    );
  else if (event.type === 'relocation.completed')
    await addToOutbox(
      tx,
      contracts.relocationCompleted.topic,
      buildEvent(contracts.relocationCompleted, { aggregateId: caseId, actor, payload: event.payload }),
    );
  else if (event.type === 'housing.renovated')
    await addToOutbox(
      tx,
      contracts.housingRenovated.topic,
      buildEvent(contracts.housingRenovated, { aggregateId: caseId, actor, payload: event.payload }),
    );
  else
    await addToOutbox(
      tx,
      contracts.relocationWithdrawn.topic,
      buildEvent(contracts.relocationWithdrawn, { aggregateId: caseId, actor, payload: event.payload }),
    );
}

/**
 * The relocation case workflow's activities on relocation's queue. Each records once: entries below the case's
 * `recorded_seq` were recorded by an earlier attempt and are skipped, payments are guarded by the tranche's status
 * and a reference unique per (case, milestone) — a worker killed mid-call changes nothing twice when retried.
 */
export function relocationCaseActivities(runtime: ServiceRuntime<RelocationConfig>): RelocationActivities {
  const db = relocationDb(runtime);
  const cases = new CaseWorkflowRepository(db);
  const payments = new PaymentService(new PaymentRepository(db));
  const locked = async (tx: RelocationTx, caseId: string): Promise<ProgressRow> => {
    const c = await cases.lock(tx, caseId);
    if (!c) throw new Error(`relocation case ${caseId} is not in relocation-service's database`);
    return c;
  };
  return {
    async payTranche({ caseId, milestone, amountFen }) {
      const { payment, paid } = await payments.pay({
        caseId,
        milestone,
        paymentRef: paymentRefOf(caseId, milestone),
        actor: SYSTEM,
      });
      if (payment.amountFen !== amountFen)
        throw new Error(
          `tranche ${caseId}/${milestone}: ${payment.amountFen} fen paid, the case approved ${amountFen}`,
        );
      return { paymentRef: payment.paymentRef, paid };
    },

    async recordProgress(record) {
      await cases.transaction(async (tx) => {
        const c = await locked(tx, record.caseId);
        const end = record.fromSeq + record.entries.length;
        if (c.recordedSeq >= end) return; // recorded by an earlier attempt
        for (const [i, e] of record.entries.entries()) {
          const seq = record.fromSeq + i;
          if (seq >= c.recordedSeq) await audit(tx, c, seq, e);
        }
        await cases.recordProgress(tx, c.id, progressChange(record));
        if (record.event) await publish(tx, c.id, record.event);
      });
    },

    async releaseHome({ caseId }) {
      await cases.transaction(async (tx) => {
        await locked(tx, caseId);
        await cases.stopPendingTranches(tx, caseId);
      });
    },

    async recordEscalation({ caseId, seq, entry, divisionCode, due }) {
      await cases.transaction(async (tx) => {
        const c = await locked(tx, caseId);
        if (c.recordedSeq > seq) return;
        await audit(tx, c, seq, {
          ...entry,
          reason: `${entry.reason ?? 'deadline missed'} (due ${due}, alerted ${divisionCode})`,
        });
        await cases.markRecorded(tx, c.id, seq + 1, entry);
      });
    },
  };
}
