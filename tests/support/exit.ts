// Driving the household exit procedure (贫困户退出) through the public APIs, as the village, township and county would.
import { randomUUID } from 'node:crypto';
import { call } from './platform';
import { officialsOf, waitForHouseholds } from './procedure';

export interface ExitState {
  roundId: string;
  counts: Record<string, number>;
  notices: { noticeId: string; step: string; householdIds: string[]; closedAt: string | null }[];
  households: {
    householdId: string;
    step: string;
    signature: { signedBy: string; signedOn: string } | null;
    outcome: { result: string; step: string; reason: string | null } | null;
    history: { step: string; action: string; to: string }[];
  }[];
  finished: boolean;
}

export async function exitState(identification: string, roundId: string, tokenValue: string): Promise<ExitState> {
  const r = await call<ExitState>('GET', `${identification}/exits/${roundId}`, { token: tokenValue });
  if (r.status !== 200) throw new Error(`exit state: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Wait until every named household is at `step`. */
export async function waitForExitStep(
  identification: string,
  roundId: string,
  tokenValue: string,
  householdIds: string[],
  step: string,
  timeoutMs = 60_000,
): Promise<ExitState> {
  return waitForHouseholds(() => exitState(identification, roundId, tokenValue), householdIds, step, timeoutMs);
}

export async function exitAct(
  identification: string,
  roundId: string,
  tokenValue: string,
  body: {
    step: string;
    householdIds: string[];
    action?: 'approve' | 'reject';
    reason?: string;
    signatures?: Record<string, { signedBy: string; signedOn: string; documentRef?: string }>;
  },
) {
  return call<{
    applied: { householdId: string; step: string }[];
    error?: { code: string; field?: string; message: { en: string; 'zh-CN': string } };
  }>('POST', `${identification}/exits/${roundId}/actions`, {
    token: tokenValue,
    body: { action: 'approve', ...body },
  });
}

export async function mustExitAct(
  identification: string,
  roundId: string,
  tokenValue: string,
  body: Parameters<typeof exitAct>[3],
) {
  const r = await exitAct(identification, roundId, tokenValue, body);
  if (r.status !== 200 && r.status !== 201)
    throw new Error(`${body.action ?? 'approve'} at ${body.step}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Registered households through the whole exit procedure with no objections, each signing: they exit (销号). */
export async function exitThroughProcedure(
  identification: string,
  village: string,
  householdIds: string[],
  incomeYear: number,
): Promise<string> {
  const o = await officialsOf(village);
  const opened = await call<{ roundId: string }>('POST', `${identification}/exits`, {
    token: o.cadre,
    body: { villageCode: village, incomeYear, householdIds },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  if (opened.status !== 201) throw new Error(`propose exit: ${opened.status} ${JSON.stringify(opened.body)}`);
  const roundId = opened.body.roundId;
  await waitForExitStep(identification, roundId, o.cadre, householdIds, 'village_assessment');
  await mustExitAct(identification, roundId, o.cadre, { step: 'village_assessment', householdIds });
  await mustExitAct(identification, roundId, o.cadre, { step: 'task_force_check', householdIds });
  const signedOn = new Date().toISOString().slice(0, 10);
  await mustExitAct(identification, roundId, o.cadre, {
    step: 'household_agreement',
    householdIds,
    signatures: Object.fromEntries(householdIds.map((id) => [id, { signedBy: '户主', signedOn }])),
  });
  await waitForExitStep(identification, roundId, o.approver, householdIds, 'county_approval', 60_000);
  await mustExitAct(identification, roundId, o.approver, { step: 'county_approval', householdIds });
  await waitForExitStep(identification, roundId, o.approver, householdIds, 'exited', 60_000);
  return roundId;
}
