import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { type SettlementInput, nextYearToDate, settleClaim } from '@fupin/medical-aid-rules';
import { addToOutbox } from '@fupin/messaging';
import type { ServiceRuntime } from '@fupin/service-kit';
import type { MedicalClaimActivities } from '@fupin/workflows';
import type { MedicalAidConfig } from '../config';
import { type MedicalAidTx, isoDay, medicalAidDb } from '../db';
import { claimRefusals } from './claim.refusals';
import { type ClaimRow, ClaimRepository } from './claim.repository';
import { selectedForReview } from './review-selection';

const SYSTEM = { subject: 'system:claims', role: 'system', jurisdiction: 'system' };

const fundsPay = (c: ClaimRow) =>
  Number(c.basic ?? 0) + Number(c.critical ?? 0) + Number(c.assistance ?? 0) + Number(c.backstop ?? 0);

/**
 * Claim activities on the medical-aid queue. Each is idempotent on the claim's status, so a retry or a
 * worker killed mid-call changes nothing twice; payment is guarded by the claim's unique payment reference.
 */
export function claimActivities(runtime: ServiceRuntime<MedicalAidConfig>): MedicalClaimActivities {
  const db = medicalAidDb(runtime);
  const claims = new ClaimRepository(db);
  const lock = async (tx: MedicalAidTx, claimId: string): Promise<ClaimRow> => {
    const row = await claims.lock(tx, claimId);
    if (!row) throw claimRefusals.notFound(claimId);
    return row;
  };
  return {
    async checkClaim({ claimId }) {
      return db.$transaction(async (tx) => {
        const c = await lock(tx, claimId);
        if (c.status !== 'entered')
          return c.status === 'rejected' ? { ok: false as const, reason: 'already rejected' } : { ok: true as const };
        const year = c.dischargedOn.getUTCFullYear();
        if (!(await claims.currentPolicy(tx, c.countyCode, year))) {
          return {
            ok: false as const,
            reason: `县 ${c.countyCode} 没有 ${year} 年度的医保与救助政策 / county ${c.countyCode} has no medical policy for ${year}`,
          };
        }
        // registered poor on the discharge day: registered, and not past the transition period after an exit
        const poor = await claims.poorOn(tx, c.idNumber, isoDay(c.dischargedOn));
        // 先诊疗后付费: no deposit for registered poor in county facilities
        await claims.markChecked(tx, claimId, poor, poor && c.inCounty);
        return { ok: true as const };
      });
    },

    async settleClaim({ claimId }) {
      return db.$transaction(async (tx) => {
        const c = await lock(tx, claimId);
        if (c.status !== 'checked')
          return {
            review: c.review === 'pending' || c.review === 'approved' || c.review === 'rejected',
            fundsPay: fundsPay(c),
          };
        const year = c.dischargedOn.getUTCFullYear();
        const policy = await claims.currentPolicy(tx, c.countyCode, year);
        if (!policy) throw claimRefusals.noPolicy(claimId, c.countyCode, year);
        // the person's year: one row, locked, so two claims settled at once never spend the same cap twice
        const ytd = await claims.lockYearToDate(tx, c.idNumber, year);
        const claim = {
          totalCost: Number(c.totalCost),
          inPolicyCost: Number(c.inPolicyCost),
          level: c.level,
          inCounty: c.inCounty,
        } as SettlementInput['claim'];
        const result = settleClaim({ policy: policy.policy, claim, registeredPoor: c.registeredPoor, ytd });
        if (!result.ok) throw claimRefusals.notSettleable(claimId, result.violations);
        const s = result.value;
        const next = nextYearToDate(ytd, claim, policy.policy, c.registeredPoor, s);
        await claims.saveYearToDate(tx, c.idNumber, year, next);
        const funds = s.basic + s.critical + s.assistance + s.backstop;
        const review = selectedForReview(claimId, funds, runtime.config.claimReview);
        await claims.markSettled(tx, claimId, policy.id, s, review);
        await appendAudit(tx, {
          actorSubject: SYSTEM.subject,
          actorRole: SYSTEM.role,
          jurisdiction: c.countyCode,
          action: 'claim.settle',
          subjectType: 'claim',
          subjectId: claimId,
          before: ytd,
          after: { ...s, ytd: next, policyId: policy.id, review },
          reason: 'one-stop settlement',
        });
        await addToOutbox(
          tx,
          contracts.claimSettled.topic,
          buildEvent(contracts.claimSettled, {
            aggregateId: claimId,
            actor: SYSTEM,
            payload: {
              claimId,
              idNumber: c.idNumber,
              countyCode: c.countyCode,
              policyId: policy.id,
              registeredPoor: c.registeredPoor,
              ...s,
              review,
            },
          }),
        );
        return { review, fundsPay: funds };
      });
    },

    async rejectClaim({ claimId, reason, signer }) {
      await db.$transaction(async (tx) => {
        const c = await lock(tx, claimId);
        if (c.status === 'rejected') return;
        if (c.status === 'paid') throw claimRefusals.alreadyPaid(claimId);
        await claims.markRejected(tx, c, reason, signer?.subject ?? null);
        // a settled claim that is rejected gives its amounts back to the person's year
        if (c.status === 'settled') {
          await claims.giveBackToYear(tx, c, c.dischargedOn.getUTCFullYear());
        }
        await appendAudit(tx, {
          actorSubject: signer?.subject ?? SYSTEM.subject,
          actorRole: signer?.role ?? SYSTEM.role,
          jurisdiction: signer?.jurisdiction ?? c.countyCode,
          action: 'claim.reject',
          subjectType: 'claim',
          subjectId: claimId,
          reason,
        });
        await addToOutbox(
          tx,
          contracts.claimRejected.topic,
          buildEvent(contracts.claimRejected, {
            aggregateId: claimId,
            actor: signer ?? SYSTEM,
            payload: { claimId, reason, ...(signer ? { decidedBy: signer.subject } : {}) },
          }),
        );
      });
    },

    async payClaim({ claimId }) {
      return db.$transaction(async (tx) => {
        const c = await lock(tx, claimId);
        if (c.status === 'paid') return { paymentRef: c.paymentRef!, paidAt: new Date(c.paidAt!).toISOString() };
        if (c.status !== 'settled') throw claimRefusals.notSettled(claimId, c.status);
        const paymentRef = `PAY-${claimId}`; // unique: the hospital is paid once per claim, whatever retries happen
        const paidAt = new Date(await claims.markPaid(tx, claimId, paymentRef)).toISOString();
        await appendAudit(tx, {
          actorSubject: SYSTEM.subject,
          actorRole: SYSTEM.role,
          jurisdiction: c.countyCode,
          action: 'claim.pay',
          subjectType: 'claim',
          subjectId: claimId,
          after: { paymentRef, amount: fundsPay(c) },
          reason: 'paid to the hospital',
        });
        await addToOutbox(
          tx,
          contracts.claimPaid.topic,
          buildEvent(contracts.claimPaid, {
            aggregateId: claimId,
            actor: SYSTEM,
            payload: { claimId, paymentRef, amount: fundsPay(c), paidAt },
          }),
        );
        return { paymentRef, paidAt };
      });
    },

    async escalateReview({ claimId, times }) {
      await db.$transaction(async (tx) => {
        const c = await lock(tx, claimId);
        await appendAudit(tx, {
          actorSubject: SYSTEM.subject,
          actorRole: SYSTEM.role,
          jurisdiction: c.countyCode,
          action: 'claim.review.escalated',
          subjectType: 'claim',
          subjectId: claimId,
          after: { times },
          reason: `review deadline missed (${times})`,
        });
      });
    },
  };
}
