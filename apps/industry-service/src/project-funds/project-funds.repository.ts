import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import type { ProjectFundsHistoryEntry } from '@fupin/industry-rules';
import type { ProjectFundsProgressRecord } from '@fupin/industry-workflows';
import { InjectDb } from '@fupin/service-kit';
import type { Actor } from '../actor';
import type { IndustryDb, IndustryTx } from '../db';
import type { ProjectFunds } from '../generated/prisma/client';

/** What opening the funds procedure needs of the project: division, budget, partner, the households to notice. */
export interface ProjectForFunds {
  id: string;
  name: string;
  divisionCode: string;
  budgetFen: number;
  partner: { creditCode: string; accountRef: string; name: string } | null;
  /** Beneficiary households with their head (户主) as the notice lists them. */
  households: { householdId: string; villageCode: string; headName: string; headIdNumber: string; members: number }[];
}

type FundsRow = Pick<ProjectFunds, 'projectId' | 'step' | 'recordedSeq' | 'allocatedFen' | 'paymentRef' | 'paidAt'> & {
  disbursedFen: bigint | null;
};

/** Who signed a history entry, as the audit chain records it. */
const SYSTEM: Actor = { subject: 'system:project-funds', role: 'system', jurisdiction: 'system' };
const signerOf = (e: ProjectFundsHistoryEntry): Actor =>
  typeof e.by === 'string' ? { ...SYSTEM, subject: `${e.by}:project-funds` } : e.by;

/** Project funds (项目资金): the only place their SQL lives; the payment is made under the row's lock, once. */
@Injectable()
export class ProjectFundsRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  transaction<T>(work: (tx: IndustryTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  async project(id: string): Promise<ProjectForFunds | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const p = await this.db.industryProject.findUnique({ where: { id }, include: { partner: true } });
    if (!p) return null;
    const households = await this.db.$queryRawUnsafe<ProjectForFunds['households']>(
      `SELECT h.household_id::text AS "householdId", h.village_code AS "villageCode", h.head_name AS "headName",
              coalesce((SELECT p.id_number FROM registered_person p WHERE p.household_id = h.household_id
                         ORDER BY p.relation <> '户主', p.id_number LIMIT 1), '') AS "headIdNumber",
              h.member_count AS members
         FROM project_beneficiary b JOIN registered_household h ON h.household_id = b.household_id
        WHERE b.project_id = $1::uuid ORDER BY h.village_code, h.household_id`,
      id,
    );
    const partner = p.partner && {
      creditCode: p.partner.creditCode,
      accountRef: p.partner.bankAccountRef,
      name: p.partner.name,
    };
    return {
      id: p.id,
      name: p.name,
      divisionCode: p.divisionCode,
      budgetFen: Number(p.budgetFen),
      partner,
      households,
    };
  }

  /** The funds row at `allocation` and its audit record; false when the procedure was opened before. */
  async open(tx: IndustryTx, projectId: string, workflowId: string, actor: Actor, after: unknown): Promise<boolean> {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO project_funds (project_id, step, recorded_seq, workflow_id, started_by)
       VALUES ($1::uuid, 'allocation', 1, $2, $3) ON CONFLICT (project_id) DO NOTHING`,
      projectId,
      workflowId,
      actor.subject,
    );
    if (inserted !== 1) return false;
    await this.audit(tx, actor, projectId, 'industry.funds.registered', after, 'funds procedure opened (项目资金入库)');
    return true;
  }

  async find(projectId: string): Promise<Pick<ProjectFunds, 'workflowId' | 'step' | 'paymentRef'> | null> {
    if (!/^[0-9a-f-]{36}$/i.test(projectId)) return null;
    const select = { workflowId: true, step: true, paymentRef: true };
    return this.db.projectFunds.findUnique({ where: { projectId }, select });
  }

  async lock(tx: IndustryTx, projectId: string): Promise<FundsRow | null> {
    const rows = await tx.$queryRawUnsafe<FundsRow[]>(
      `SELECT project_id::text AS "projectId", step, recorded_seq AS "recordedSeq", allocated_fen AS "allocatedFen",
              payment_ref AS "paymentRef", paid_at AS "paidAt", disbursed_fen AS "disbursedFen"
         FROM project_funds WHERE project_id = $1::uuid FOR UPDATE`,
      projectId,
    );
    return rows[0] ?? null;
  }

  /**
   * The workflow's new entries: one audit record each (skipping those recorded before), the row's step (with when it
   * was reached, 待办: the last entry that moved it) and figures.
   */
  async recordProgress(tx: IndustryTx, row: FundsRow, r: ProjectFundsProgressRecord): Promise<void> {
    for (const [i, e] of r.entries.entries()) {
      const seq = r.fromSeq + i;
      if (seq < row.recordedSeq) continue;
      const reason = `${e.checkpoint} → ${e.to}`;
      await this.audit(tx, signerOf(e), r.projectId, `industry.funds.${e.checkpoint}`, { seq, ...e }, reason);
    }
    const moved = r.entries.findLast((e) => e.to !== e.step);
    await tx.projectFunds.update({
      where: { projectId: r.projectId },
      data: {
        step: r.step,
        stepSince: moved ? new Date(moved.at) : undefined,
        recordedSeq: r.fromSeq + r.entries.length,
        allocatedFen: r.allocatedFen === null ? undefined : BigInt(r.allocatedFen),
        noticeId: r.noticeId ?? undefined,
      },
    });
  }

  /** The payment columns set once (the row is locked by the caller), with its audit record. */
  async pay(tx: IndustryTx, p: { projectId: string; amountFen: number; toAccountRef: string; paymentRef: string }) {
    const paid = await tx.projectFunds.update({
      where: { projectId: p.projectId },
      data: {
        paymentRef: p.paymentRef,
        disbursedFen: BigInt(p.amountFen),
        toAccountRef: p.toAccountRef,
        paidAt: new Date(),
      },
      select: { paidAt: true },
    });
    await this.audit(tx, SYSTEM, p.projectId, 'industry.funds.paid', p, 'disbursement paid (资金拨付)');
    return paid.paidAt!;
  }

  private async audit(tx: IndustryTx, actor: Actor, projectId: string, action: string, after: unknown, reason: string) {
    await appendAudit(tx, {
      actorSubject: actor.subject,
      actorRole: actor.role,
      jurisdiction: actor.jurisdiction,
      action,
      subjectType: 'project_funds',
      subjectId: projectId,
      after,
      reason,
    });
  }
}
