import { appendAuditMany } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { EXIT_STEP_LABELS, transitionEndsOn } from '@fupin/exit-rules';
import type { ExitActivities } from '@fupin/identification-workflows';
import { addManyToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { activityIdempotencyKey } from '@fupin/workflow-runtime';
import { exitRoundVillage, leaveRegister, recordExitHouseholdOutcomes, recordExitSteps } from './exit.repository';
import { stepMirrorRows } from '../work-items/step-mirror';

/** The procedure itself (notice closings, outcomes) acts inside the round's village, so the village's auditors see it. */
const systemIn = (villageCode: string) => ({
  subject: 'system:exit-procedure',
  role: 'system',
  jurisdiction: villageCode,
});

type Db = ServiceRuntime['db'];
type Input<K extends keyof ExitActivities> = Parameters<ExitActivities[K]>[0];

/** Activities of the household exit workflow: only this service writes the register. */
export function exitActivities(runtime: Pick<ServiceRuntime, 'db'>): ExitActivities {
  return {
    recordExitProgress: (input) => recordExitProgress(runtime.db, input, activityIdempotencyKey()),
    recordExitOutcomes: (input) => recordExitOutcomes(runtime.db, input, activityIdempotencyKey()),
  };
}

/** Each household's step mirrored in exit_household; every entry in the audit chain. Once per `key`. */
export async function recordExitProgress(
  db: Db,
  { roundId, entries }: Input<'recordExitProgress'>,
  key: string,
): Promise<void> {
  await db.$transaction(async (tx) =>
    onceForKey(tx, 'exit.progress', key, { roundId, n: entries.length }, async () => {
      // each household's latest step, its start and misses (待办), and its last signature
      const signatures = new Map<string, unknown>();
      for (const { householdId, entry } of entries) if (entry.signature) signatures.set(householdId, entry.signature);
      const rows = stepMirrorRows(entries).map((r) => ({ ...r, signature: signatures.get(r.household_id) ?? null }));
      await recordExitSteps(tx, roundId, rows);
      // every signature (the household's own included), notice closing and re-examination in the audit chain
      const SYSTEM = systemIn(await exitRoundVillage(tx, roundId));
      await appendAuditMany(
        tx,
        entries.map(({ householdId, entry }) => {
          const by =
            entry.by === 'system'
              ? SYSTEM
              : { subject: entry.by.subject, role: entry.by.role, jurisdiction: entry.by.jurisdiction };
          return {
            at: new Date(entry.at),
            entry: {
              actorSubject: by.subject,
              actorRole: by.role,
              jurisdiction: by.jurisdiction,
              action: `exit.${entry.step}.${entry.action}`,
              subjectType: 'household',
              subjectId: householdId,
              before: { step: entry.step },
              after: {
                step: entry.to,
                ...(entry.signature ? { signature: entry.signature } : {}),
                ...(entry.outcome ? { outcome: entry.outcome } : {}),
                ...(entry.objectionId ? { objectionId: entry.objectionId } : {}),
                ...(entry.escalation ? { escalation: entry.escalation } : {}), // 逾期督办: who was alerted
              },
              reason:
                entry.reason ?? `${EXIT_STEP_LABELS[entry.step]['zh-CN']} → ${EXIT_STEP_LABELS[entry.to]['zh-CN']}`,
            },
          };
        }),
      );
      return { status: 200, body: null };
    }),
  );
}

/** 销号 with the transition period (household.exited), or stays registered (household.exit-refused). Once per `key`. */
export async function recordExitOutcomes(
  db: Db,
  { roundId, transitionMonths, outcomes }: Input<'recordExitOutcomes'>,
  key: string,
): Promise<void> {
  await db.$transaction(async (tx) =>
    onceForKey(tx, 'exit.outcomes', key, { roundId, outcomes }, async () => {
      const exited = outcomes
        .filter((o) => o.outcome === 'exited')
        .map((o) => ({ ...o, transitionEndsOn: transitionEndsOn(o.at, transitionMonths) }));
      const refused = outcomes.filter((o) => o.outcome === 'stays_registered');
      // 销号: only a household still registered leaves the register (guards a replayed or raced outcome)
      const left = await leaveRegister(tx, exited);
      await recordExitHouseholdOutcomes(tx, roundId, outcomes);
      const leftIds = new Set(left.map((l) => l.id));
      // every household of a round is of the round's village (checked when it was proposed)
      const villageCode = await exitRoundVillage(tx, roundId);
      const SYSTEM = systemIn(villageCode);
      const actor = SYSTEM;
      await addManyToOutbox(tx, [
        ...exited
          .filter((o) => leftIds.has(o.householdId))
          .map((o) => ({
            topic: contracts.householdExited.topic,
            event: buildEvent(contracts.householdExited, {
              aggregateId: o.householdId,
              actor,
              payload: {
                householdId: o.householdId,
                villageCode,
                exitedAt: o.at,
                transitionEndsOn: o.transitionEndsOn,
              },
            }),
          })),
        ...refused.map((o) => ({
          topic: contracts.householdExitRefused.topic,
          event: buildEvent(contracts.householdExitRefused, {
            aggregateId: o.householdId,
            actor,
            payload: {
              householdId: o.householdId,
              villageCode,
              step: o.step,
              reason: o.reason ?? EXIT_STEP_LABELS[o.step]['zh-CN'],
              refusedAt: o.at,
            },
          }),
        })),
      ]);
      await appendAuditMany(
        tx,
        outcomes.map((o) => ({
          entry: {
            actorSubject: SYSTEM.subject,
            actorRole: SYSTEM.role,
            jurisdiction: SYSTEM.jurisdiction,
            action: o.outcome === 'exited' ? 'household.exited' : 'household.exit_refused',
            subjectType: 'household',
            subjectId: o.householdId,
            after: {
              status: o.outcome === 'exited' ? 'exited' : 'registered',
              roundId,
              step: o.step,
              ...(o.outcome === 'exited' ? { transitionEndsOn: transitionEndsOn(o.at, transitionMonths) } : {}),
            },
            reason:
              o.reason ??
              (o.outcome === 'exited'
                ? '县级公告期满，退出销号 / announced and removed from the register'
                : '不予退出 / exit stopped'),
          },
        })),
      );
      return { status: 200, body: null };
    }),
  );
}
