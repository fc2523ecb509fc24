import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { addToOutbox } from '@fupin/messaging';
import type { Actor } from '../actor';
import type { RelocationTx } from '../db';
import { PaymentRepository, type TrancheRow } from './payment.repository';
import { isUniqueViolation, paymentRefusals } from './payment.refusals';
import type { PaymentView, TrancheMilestone } from './payment.schema';

export interface PayTranche {
  caseId: string;
  milestone: TrancheMilestone;
  paymentRef: string;
  actor: Actor;
}

/** A tranche and whether this call paid it (false: it was paid before, this is the first payment again). */
export interface PaymentResult {
  payment: PaymentView;
  paid: boolean;
}

const toView = (t: TrancheRow): PaymentView => ({
  caseId: t.caseId,
  milestone: t.milestone as TrancheMilestone,
  amountFen: Number(t.amountFen),
  paymentRef: t.paymentRef ?? '',
  paidAt: new Date(t.paidAt ?? 0).toISOString(),
  paidBy: t.paidBy ?? '',
});

/**
 * 补助资金拨付: each tranche paid exactly once. Attempts on a case take turns on its row lock; the first pays (status
 * guard pending → paid, audit record, `relocation.tranche-paid` in the outbox, one transaction), the others get that
 * first payment back and write nothing. Used by the county office's endpoint and by the case workflow's activities.
 */
@Injectable()
export class PaymentService {
  constructor(private readonly payments: PaymentRepository) {}

  async pay(input: PayTranche): Promise<PaymentResult> {
    try {
      return await this.payments.transaction((tx) => this.payOnce(tx, input));
    } catch (e) {
      // the same reference taken meanwhile by another case's tranche: the unique index has the last word
      if (isUniqueViolation(e)) throw paymentRefusals.referenceUsed(input.paymentRef);
      throw e;
    }
  }

  private async payOnce(
    tx: RelocationTx,
    { caseId, milestone, paymentRef, actor }: PayTranche,
  ): Promise<PaymentResult> {
    const c = await this.payments.lockCase(tx, caseId);
    if (!c) throw paymentRefusals.caseNotFound(caseId);
    const tranche = await this.payments.tranche(tx, caseId, milestone);
    if (!tranche) throw paymentRefusals.notInPlan(milestone);
    if (tranche.status === 'paid') return { payment: toView(tranche), paid: false };
    if (tranche.status === 'stopped' || c.status === 'withdrawn') throw paymentRefusals.stopped(milestone);
    const unpaid = await this.payments.unpaidBefore(tx, caseId, tranche.seq);
    if (unpaid > 0) throw paymentRefusals.outOfOrder(milestone, unpaid);
    if (await this.payments.referenceUsed(tx, paymentRef)) throw paymentRefusals.referenceUsed(paymentRef);
    const paid = await this.payments.markPaid(tx, caseId, milestone, paymentRef, actor.subject);
    if (!paid) throw new Error(`tranche ${caseId}/${milestone} changed under the case lock`);
    const payment = toView(paid);
    await appendAudit(tx, {
      actorSubject: actor.subject,
      actorRole: actor.role,
      jurisdiction: actor.jurisdiction,
      action: 'relocation.tranche.pay',
      subjectType: 'relocation_case',
      subjectId: caseId,
      after: { villageCode: c.villageCode, milestone, amountFen: payment.amountFen, paymentRef },
      reason: `tranche ${milestone} paid (补助资金拨付)`,
    });
    await addToOutbox(
      tx,
      contracts.relocationTranchePaid.topic,
      buildEvent(contracts.relocationTranchePaid, {
        aggregateId: caseId,
        actor,
        payload: {
          caseId,
          householdId: c.householdId,
          villageCode: c.villageCode,
          milestone,
          amountFen: payment.amountFen,
          paymentRef,
          paidAt: payment.paidAt,
        },
      }),
    );
    return { payment, paid: true };
  }
}
