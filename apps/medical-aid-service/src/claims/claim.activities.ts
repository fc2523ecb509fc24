import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { type MedicalPolicy, type SettlementInput, nextYearToDate, settleClaim } from '@fupin/medical-aid-rules';
import { addToOutbox } from '@fupin/messaging';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { businessRefusal } from '@fupin/workflow-runtime';
import type { MedicalClaimActivities } from '@fupin/workflows';
import type { MedicalAidConfig } from '../config';
import { selectedForReview } from './review-selection';

interface ClaimRow {
  id: string;
  id_number: string;
  county_code: string;
  discharged_on: string;
  total_cost: string;
  in_policy_cost: string;
  level: string;
  in_county: boolean;
  status: string;
  registered_poor: boolean;
  basic: string | null;
  critical: string | null;
  assistance: string | null;
  backstop: string | null;
  review: string | null;
  payment_ref: string | null;
  paid_at: Date | null;
}

const SYSTEM = { subject: 'system:claims', role: 'system', jurisdiction: 'system' };

async function lockClaim(tx: SqlExecutor, claimId: string): Promise<ClaimRow> {
  const rows = await tx.$queryRawUnsafe<ClaimRow[]>(
    `SELECT id::text, id_number, county_code, to_char(discharged_on, 'YYYY-MM-DD') AS discharged_on, total_cost::text, in_policy_cost::text, level, in_county, status,
            registered_poor, basic::text, critical::text, assistance::text, backstop::text, review, payment_ref, paid_at
       FROM claim WHERE id = $1::uuid FOR UPDATE`,
    claimId,
  );
  if (!rows[0]) throw businessRefusal('BusinessRefusal', `claim ${claimId} does not exist`);
  return rows[0];
}

const fundsPay = (c: ClaimRow) =>
  Number(c.basic ?? 0) + Number(c.critical ?? 0) + Number(c.assistance ?? 0) + Number(c.backstop ?? 0);

async function currentPolicy(tx: SqlExecutor, countyCode: string, year: number) {
  const rows = await tx.$queryRawUnsafe<{ id: string; policy: MedicalPolicy }[]>(
    `SELECT id::text, policy FROM medical_policy WHERE county_code = $1 AND year = $2 ORDER BY version DESC LIMIT 1`,
    countyCode,
    year,
  );
  return rows[0] ?? null;
}

/**
 * Claim activities on the medical-aid queue. Each is idempotent on the claim's status, so a retry or a
 * worker killed mid-call changes nothing twice; payment is guarded by the claim's unique payment reference.
 */
export function claimActivities(runtime: ServiceRuntime<MedicalAidConfig>): MedicalClaimActivities {
  const db = runtime.db;
  return {
    async checkClaim({ claimId }) {
      return db.$transaction(async (tx) => {
        const c = await lockClaim(tx, claimId);
        if (c.status !== 'entered')
          return c.status === 'rejected' ? { ok: false as const, reason: 'already rejected' } : { ok: true as const };
        const year = Number(c.discharged_on.slice(0, 4));
        if (!(await currentPolicy(tx, c.county_code, year))) {
          return {
            ok: false as const,
            reason: `县 ${c.county_code} 没有 ${year} 年度的医保与救助政策 / county ${c.county_code} has no medical policy for ${year}`,
          };
        }
        // registered poor on the discharge day: registered, and not past the transition period after an exit
        const person = await tx.$queryRawUnsafe<{ poor: boolean }[]>(
          `SELECT registered_poor AND (poor_until IS NULL OR $2::date <= poor_until) AS poor FROM insured_person WHERE id_number = $1`,
          c.id_number,
          c.discharged_on,
        );
        const poor = person[0]?.poor === true;
        // 先诊疗后付费: no deposit for registered poor in county facilities
        await tx.$executeRawUnsafe(
          `UPDATE claim SET status = 'checked', registered_poor = $2, no_deposit = $3 WHERE id = $1::uuid`,
          claimId,
          poor,
          poor && c.in_county,
        );
        return { ok: true as const };
      });
    },

    async settleClaim({ claimId }) {
      return db.$transaction(async (tx) => {
        const c = await lockClaim(tx, claimId);
        if (c.status !== 'checked')
          return {
            review: c.review === 'pending' || c.review === 'approved' || c.review === 'rejected',
            fundsPay: fundsPay(c),
          };
        const year = Number(c.discharged_on.slice(0, 4));
        const policy = await currentPolicy(tx, c.county_code, year);
        if (!policy) throw businessRefusal('BusinessRefusal', `no policy for ${c.county_code} ${year}`);
        // the person's year: one row, locked, so two claims settled at once never spend the same cap twice
        await tx.$executeRawUnsafe(
          `INSERT INTO person_year_to_date (id_number, year) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          c.id_number,
          year,
        );
        const [y] = await tx.$queryRawUnsafe<
          {
            basic_deductible_used: string;
            basic_paid: string;
            critical_base: string;
            critical_paid: string;
            assistance_paid: string;
          }[]
        >(
          `SELECT basic_deductible_used::text, basic_paid::text, critical_base::text, critical_paid::text, assistance_paid::text
             FROM person_year_to_date WHERE id_number = $1 AND year = $2 FOR UPDATE`,
          c.id_number,
          year,
        );
        const ytd = {
          basicDeductibleUsed: Number(y.basic_deductible_used),
          basicPaid: Number(y.basic_paid),
          criticalBase: Number(y.critical_base),
          criticalPaid: Number(y.critical_paid),
          assistancePaid: Number(y.assistance_paid),
        };
        const claim = {
          totalCost: Number(c.total_cost),
          inPolicyCost: Number(c.in_policy_cost),
          level: c.level,
          inCounty: c.in_county,
        } as SettlementInput['claim'];
        const result = settleClaim({ policy: policy.policy, claim, registeredPoor: c.registered_poor, ytd });
        if (!result.ok)
          throw businessRefusal(
            'BusinessRefusal',
            `claim ${claimId} cannot be settled: ${result.violations[0].message.en}`,
            result.violations,
          );
        const s = result.value;
        const next = nextYearToDate(ytd, claim, policy.policy, c.registered_poor, s);
        await tx.$executeRawUnsafe(
          `UPDATE person_year_to_date SET basic_deductible_used = $3, basic_paid = $4, critical_base = $5, critical_paid = $6, assistance_paid = $7 WHERE id_number = $1 AND year = $2`,
          c.id_number,
          year,
          next.basicDeductibleUsed,
          next.basicPaid,
          next.criticalBase,
          next.criticalPaid,
          next.assistancePaid,
        );
        const funds = s.basic + s.critical + s.assistance + s.backstop;
        const review = selectedForReview(claimId, funds, runtime.config.claimReview);
        await tx.$executeRawUnsafe(
          `UPDATE claim SET status = 'settled', policy_id = $2::uuid, basic = $3, critical = $4, assistance = $5, backstop = $6, patient_pays = $7, review = $8, settled_at = now() WHERE id = $1::uuid`,
          claimId,
          policy.id,
          s.basic,
          s.critical,
          s.assistance,
          s.backstop,
          s.patientPays,
          review ? 'pending' : null,
        );
        await tx.$executeRawUnsafe(
          `UPDATE medical_policy SET used_at = now() WHERE id = $1::uuid AND used_at IS NULL`,
          policy.id,
        );
        await appendAudit(tx, {
          actorSubject: SYSTEM.subject,
          actorRole: SYSTEM.role,
          jurisdiction: c.county_code,
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
              idNumber: c.id_number,
              countyCode: c.county_code,
              policyId: policy.id,
              registeredPoor: c.registered_poor,
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
        const c = await lockClaim(tx, claimId);
        if (c.status === 'rejected') return;
        if (c.status === 'paid') throw businessRefusal('BusinessRefusal', `claim ${claimId} is already paid`);
        await tx.$executeRawUnsafe(
          `UPDATE claim SET status = 'rejected', reason = $2, review = CASE WHEN review = 'pending' THEN 'rejected' ELSE review END, review_reason = CASE WHEN $3::text IS NULL THEN review_reason ELSE $2 END WHERE id = $1::uuid`,
          claimId,
          reason,
          signer?.subject ?? null,
        );
        // a settled claim that is rejected gives its amounts back to the person's year
        if (c.status === 'settled') {
          const year = Number(c.discharged_on.slice(0, 4));
          await tx.$executeRawUnsafe(
            `UPDATE person_year_to_date SET basic_paid = basic_paid - $3, critical_paid = critical_paid - $4, assistance_paid = assistance_paid - $5,
                    critical_base = greatest(0, critical_base - $6) WHERE id_number = $1 AND year = $2`,
            c.id_number,
            year,
            Number(c.basic ?? 0),
            Number(c.critical ?? 0),
            Number(c.assistance ?? 0),
            Number(c.in_policy_cost) - Number(c.basic ?? 0),
          );
        }
        await appendAudit(tx, {
          actorSubject: signer?.subject ?? SYSTEM.subject,
          actorRole: signer?.role ?? SYSTEM.role,
          jurisdiction: signer?.jurisdiction ?? c.county_code,
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
        const c = await lockClaim(tx, claimId);
        if (c.status === 'paid') return { paymentRef: c.payment_ref!, paidAt: new Date(c.paid_at!).toISOString() };
        if (c.status !== 'settled')
          throw businessRefusal('BusinessRefusal', `claim ${claimId} is ${c.status}, not settled`);
        const paymentRef = `PAY-${claimId}`; // unique: the hospital is paid once per claim, whatever retries happen
        const [{ paid_at }] = await tx.$queryRawUnsafe<{ paid_at: Date }[]>(
          `UPDATE claim SET status = 'paid', payment_ref = $2, paid_at = now(), review = CASE WHEN review = 'pending' THEN 'approved' ELSE review END WHERE id = $1::uuid RETURNING paid_at`,
          claimId,
          paymentRef,
        );
        const paidAt = new Date(paid_at).toISOString();
        await appendAudit(tx, {
          actorSubject: SYSTEM.subject,
          actorRole: SYSTEM.role,
          jurisdiction: c.county_code,
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
        const c = await lockClaim(tx, claimId);
        await appendAudit(tx, {
          actorSubject: SYSTEM.subject,
          actorRole: SYSTEM.role,
          jurisdiction: c.county_code,
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
