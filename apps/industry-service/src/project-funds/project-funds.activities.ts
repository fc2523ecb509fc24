import type { ProjectFundsActivities } from '@fupin/industry-workflows';
import type { ServiceRuntime } from '@fupin/service-kit';
import { refusalFailure } from '@fupin/workflows';
import { industryDb } from '../db';
import { ProjectFundsRepository } from './project-funds.repository';

/** The payment reference of a project's disbursement: one per project, so a retry cannot pay twice. */
export const fundsPaymentRefOf = (projectId: string): string => `PF-${projectId}`;

/**
 * The project funds workflow's activities on industry's queue. Each records once: entries below the row's
 * `recorded_seq` are skipped; the payment is made under the row's lock and its columns are set once — a worker killed
 * mid-call pays nothing twice when retried, and three requests at once pay once.
 */
export function projectFundsActivities(runtime: Pick<ServiceRuntime, 'db'>): ProjectFundsActivities {
  const funds = new ProjectFundsRepository(industryDb(runtime));
  const locked = async (tx: Parameters<Parameters<ProjectFundsRepository['transaction']>[0]>[0], projectId: string) => {
    const row = await funds.lock(tx, projectId);
    if (!row) throw new Error(`project funds ${projectId} are not in industry-service's database`);
    return row;
  };
  return {
    async recordFundsProgress(record) {
      await funds.transaction(async (tx) => {
        const row = await locked(tx, record.projectId);
        if (row.recordedSeq >= record.fromSeq + record.entries.length) return; // recorded by an earlier attempt
        await funds.recordProgress(tx, row, record);
      });
    },

    async payDisbursement({ projectId, amountFen, toAccountRef }) {
      return funds.transaction(async (tx) => {
        const row = await locked(tx, projectId);
        if (row.paymentRef && row.paidAt)
          return { paymentRef: row.paymentRef, paid: false, paidAt: row.paidAt.toISOString() };
        if (row.allocatedFen === null || BigInt(amountFen) > row.allocatedFen)
          throw refusalFailure({
            code: 'industry.over_allocation',
            status: 422,
            field: 'amountFen',
            message: {
              'zh-CN': `拨付金额${amountFen}分超过安排的${String(row.allocatedFen ?? 0)}分`,
              en: `${amountFen} fen is above the ${String(row.allocatedFen ?? 0)} fen allocated`,
            },
          });
        const paymentRef = fundsPaymentRefOf(projectId);
        const paidAt = await funds.pay(tx, { projectId, amountFen, toAccountRef, paymentRef });
        return { paymentRef, paid: true, paidAt: paidAt.toISOString() };
      });
    },
  };
}
