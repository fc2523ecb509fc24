import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { escalationReason, formatBp, formatRatio, incidenceReport } from '@fupin/exit-rules';
import {
  VILLAGE_EXIT_STEP_LABELS,
  type IncidenceCheck,
  type VillageExitActivities,
  type VillageExitEscalationRecord,
  type VillageExitRecord,
} from '@fupin/identification-workflows';
import { addToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { activityIdempotencyKey } from '@fupin/workflow-runtime';
import type { NoticeEntryInput } from '@fupin/workflows';
import type { IdentificationConfig } from '../config';
import { villageCounts } from '../incidence/incidence.repository';
import { villageExitNotFound } from './village-exit.refusals';
import { lockVillageExit, noticeHouseholds, recordVillageExitMiss, updateVillageExit } from './village-exit.repository';

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
      const rows = await noticeHouseholds(db, villageCode);
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
          const row = await lockVillageExit(tx, record.exitId);
          if (!row) throw villageExitNotFound(record.exitId);
          const c = record.check;
          const by = record.decidedBy === undefined || record.decidedBy === 'system' ? null : record.decidedBy;
          await updateVillageExit(tx, record, by);
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

    recordVillageExitEscalation: (record) => recordVillageExitEscalation(db, record, activityIdempotencyKey()),
  };
}

/**
 * 逾期督办 of a county step of the village exit: one audit record naming the step, the rung and who is alerted, in the
 * village's jurisdiction (its county's auditors and approvers read it). Once per `key`.
 */
export async function recordVillageExitEscalation(
  db: ServiceRuntime['db'],
  record: VillageExitEscalationRecord,
  key: string,
): Promise<void> {
  const { exitId, villageCode, step, escalation, due } = record;
  await db.$transaction(async (tx) =>
    onceForKey(tx, 'village_exit.escalation', key, record, async () => {
      await recordVillageExitMiss(tx, record);
      await appendAudit(
        tx,
        {
          actorSubject: SYSTEM.subject,
          actorRole: SYSTEM.role,
          jurisdiction: villageCode,
          action: `village_exit.${step}.deadline_missed`,
          subjectType: 'village_exit',
          subjectId: exitId,
          after: { step, due, escalation: { ...escalation.to, times: escalation.times } },
          reason: escalationReason(VILLAGE_EXIT_STEP_LABELS[step], escalation),
        },
        new Date(escalation.at),
      );
      return { status: 200, body: null };
    }),
  );
}
