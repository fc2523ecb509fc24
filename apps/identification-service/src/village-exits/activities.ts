import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { formatBp, formatRatio, incidenceReport } from '@fupin/exit-rules';
import type { IncidenceCheck, VillageExitActivities, VillageExitRecord } from '@fupin/identification-workflows';
import { addToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { activityIdempotencyKey, businessRefusal } from '@fupin/workflow-runtime';
import type { NoticeEntryInput } from '@fupin/workflows';
import type { IdentificationConfig } from '../config';
import { villageCounts } from '../incidence/incidence.repository';

const SYSTEM = { subject: 'system:village-exit', role: 'system', jurisdiction: 'system' };

/** Activities of 贫困村退出 on the identification task queue: the figures, the notice's list, the record. */
export function villageExitActivities(runtime: ServiceRuntime<IdentificationConfig>): VillageExitActivities {
  const db = runtime.db;
  const lines = () => runtime.config.exitArea.incidence;

  return {
    async checkVillageIncidence({ villageCode }): Promise<IncidenceCheck> {
      const report = incidenceReport(villageCode, await villageCounts(db, villageCode), lines());
      const row = report.villages[0];
      const checkedAt = new Date().toISOString();
      if (!row) {
        return {
          ok: false,
          poorNotExited: null,
          ruralPopulation: null,
          ratio: null,
          incidenceBp: null,
          thresholdBp: report.thresholdBp,
          western: report.western,
          checkedAt,
          message: {
            'zh-CN': `村 ${villageCode} 不在行政区划登记中，未登记农村人口`,
            en: `village ${villageCode} is not in the division register: no rural population recorded`,
          },
        };
      }
      return {
        ok: row.mayExit,
        poorNotExited: row.poorNotExited,
        ruralPopulation: row.ruralPopulation,
        ratio: row.incidence ? row.incidence.ratio : null,
        incidenceBp: row.incidence ? row.incidence.bp : null,
        thresholdBp: report.thresholdBp,
        western: report.western,
        checkedAt,
        message: row.message,
      };
    },

    async villageExitNoticeEntries({ villageCode, check }): Promise<NoticeEntryInput[]> {
      const rows = await db.$queryRawUnsafe<
        { id: string; status: string; phone: string | null; head_name: string; head_id: string; members: number }[]
      >(
        `SELECT h.id::text, h.status, h.phone, head.name AS head_name, head.id_number AS head_id, (SELECT count(*)::int FROM person m WHERE m.household_id = h.id) AS members
           FROM household h
           JOIN LATERAL (SELECT p.name, p.id_number FROM person p WHERE p.household_id = h.id ORDER BY p.relation <> '户主', p.id_number LIMIT 1) head ON true
          WHERE h.village_code = $1 AND h.status IN ('registered', 'exited')
          ORDER BY h.status, h.created_at, h.id LIMIT 5000`,
        villageCode,
      );
      const figures = check.ratio ? formatRatio(check.ratio) : '—';
      const reason = `本村贫困发生率 ${figures}，低于 ${formatBp(check.thresholdBp)} / village incidence ${figures}, below ${formatBp(check.thresholdBp)}`;
      return rows.map((r) => ({
        entryId: r.id,
        headName: r.head_name,
        headIdNumber: r.head_id,
        ...(r.phone ? { phone: r.phone } : {}),
        villageCode,
        memberCount: Math.max(1, r.members),
        decision:
          r.status === 'exited'
            ? '贫困村拟退出：本户已脱贫 / village exit proposed: household exited'
            : '贫困村拟退出：本户尚未脱贫 / village exit proposed: household still registered',
        reason,
      }));
    },

    async recordVillageExit(record: VillageExitRecord): Promise<void> {
      const key = activityIdempotencyKey();
      await db.$transaction(async (tx) =>
        onceForKey(tx, 'village_exit.record', key, record, async () => {
          const rows = await tx.$queryRawUnsafe<
            { village_code: string; year: number; status: string; attempt: number }[]
          >(
            `SELECT village_code, year, status, attempt FROM village_exit WHERE id = $1::uuid FOR UPDATE`,
            record.exitId,
          );
          const row = rows[0];
          if (!row) throw businessRefusal('BusinessRefusal', `village exit ${record.exitId} not found`);
          const c = record.check;
          const decided = record.status === 'exited' || record.status === 'refused';
          const by = record.decidedBy === undefined || record.decidedBy === 'system' ? null : record.decidedBy;
          await tx.$executeRawUnsafe(
            `UPDATE village_exit SET status = $2, notice_id = COALESCE($3::uuid, notice_id),
                    proposal_check = CASE WHEN $4 = 'proposal' THEN $5::jsonb ELSE proposal_check END,
                    decision_check = CASE WHEN $4 = 'decision' THEN $5::jsonb ELSE decision_check END,
                    poor_not_exited = COALESCE($6, poor_not_exited), rural_population = COALESCE($7, rural_population),
                    incidence_bp = COALESCE($8, incidence_bp), threshold_bp = COALESCE($9, threshold_bp),
                    reason = COALESCE($10, reason),
                    decided_by = CASE WHEN $11 THEN $12 ELSE decided_by END, decided_at = CASE WHEN $11 THEN $13::timestamptz ELSE decided_at END,
                    updated_at = now()
              WHERE id = $1::uuid`,
            record.exitId,
            record.status,
            record.noticeId ?? null,
            record.checkKind ?? null,
            c ? JSON.stringify(c) : null,
            c?.poorNotExited ?? null,
            c?.ruralPopulation ?? null,
            c?.incidenceBp ?? null,
            c?.thresholdBp ?? null,
            record.reason ?? null,
            decided,
            by ? by.subject : 'system',
            record.at,
          );
          const actor = by ? { subject: by.subject, role: by.role, jurisdiction: by.jurisdiction } : SYSTEM;
          await appendAudit(
            tx,
            {
              actorSubject: actor.subject,
              actorRole: actor.role,
              jurisdiction: actor.jurisdiction,
              action: `village_exit.${record.status}`,
              subjectType: 'village_exit',
              subjectId: record.exitId,
              before: { status: row.status, villageCode: row.village_code, year: row.year, attempt: row.attempt },
              after: {
                status: record.status,
                villageCode: row.village_code,
                ...(record.noticeId ? { noticeId: record.noticeId } : {}),
                ...(c ? { check: c } : {}),
              },
              reason:
                record.reason ?? (record.status === 'in_notice' ? '乡镇公示 / township notice opened' : record.status),
            },
            new Date(record.at),
          );
          if (record.status === 'exited') {
            if (!c || !by || c.poorNotExited === null || c.ruralPopulation === null || c.incidenceBp === null)
              throw new Error('an exit is recorded with its decision figures and approver');
            await addToOutbox(
              tx,
              contracts.villageExited.topic,
              buildEvent(contracts.villageExited, {
                aggregateId: record.exitId,
                actor,
                payload: {
                  exitId: record.exitId,
                  villageCode: row.village_code,
                  year: row.year,
                  poorNotExited: c.poorNotExited,
                  ruralPopulation: c.ruralPopulation,
                  incidenceBp: c.incidenceBp,
                  thresholdBp: c.thresholdBp,
                  decidedBy: by.subject,
                  exitedAt: record.at,
                },
              }),
            );
          }
          return { status: 200, body: null };
        }),
      );
    },
  };
}
