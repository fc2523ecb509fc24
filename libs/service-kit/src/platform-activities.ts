import { verifyAuditTrail, type VerificationReport } from '@fupin/audit';
import type { BaseServiceConfig } from '@fupin/config';
import type { ServiceRuntime } from './runtime';

/**
 * Activities every service serves on its own task queue: workflows (e.g. an audit campaign) can ask
 * a service to verify its own audit chain without touching its tables.
 */
export function platformActivities<C extends BaseServiceConfig>(runtime: ServiceRuntime<C>) {
  return {
    async verifyAuditTrail(): Promise<Pick<VerificationReport, 'ok' | 'records' | 'head'> & { problems: number }> {
      const report = await verifyAuditTrail(runtime.db);
      return { ok: report.ok, records: report.records, head: report.head, problems: report.problems.length };
    },
  };
}
