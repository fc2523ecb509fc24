// Driving the household exit procedure (贫困户退出) through the public APIs, as the village, township and county would.
import { randomUUID } from 'node:crypto';
import type { IdentificationPaths } from '@fupin/api-client';
import { clientFor, expectStatus, type JsonBody } from './clients';
import { officialsOf, waitForHouseholds } from './procedure';

/** The identification service as the bearer of `tokenValue`. */
const identification = (tokenValue: string) => clientFor('identification-service', tokenValue);

/** An exit round's state (GET /exits/{id}): its notices, and each household's step, signature, outcome and history. */
export async function exitState(roundId: string, tokenValue: string) {
  return expectStatus(
    'exit state',
    200,
    await identification(tokenValue).GET('/exits/{id}', { params: { path: { id: roundId } } }),
  );
}

export type ExitState = Awaited<ReturnType<typeof exitState>>;

/** Wait until every named household is at `step`. */
export async function waitForExitStep(
  roundId: string,
  tokenValue: string,
  householdIds: string[],
  step: string,
  timeoutMs = 60_000,
): Promise<ExitState> {
  return waitForHouseholds(() => exitState(roundId, tokenValue), householdIds, step, timeoutMs);
}

/** What a signature of an exit step carries; the action is `approve` unless it says otherwise. */
export type ExitAction = Omit<JsonBody<IdentificationPaths['/exits/{id}/actions']['post']>, 'action'> & {
  action?: 'approve' | 'reject';
};

/** Sign a step of an exit round (POST /exits/{id}/actions); the answer as it comes. */
export async function exitAct(roundId: string, tokenValue: string, body: ExitAction) {
  return identification(tokenValue).POST('/exits/{id}/actions', {
    params: { path: { id: roundId } },
    body: { action: 'approve', ...body },
  });
}

export async function mustExitAct(roundId: string, tokenValue: string, body: ExitAction) {
  return expectStatus(
    `${body.action ?? 'approve'} at ${body.step}`,
    [200, 201],
    await exitAct(roundId, tokenValue, body),
  );
}

/** Registered households through the whole exit procedure with no objections, each signing: they exit (销号). */
export async function exitThroughProcedure(
  village: string,
  householdIds: string[],
  incomeYear: number,
): Promise<string> {
  const o = await officialsOf(village);
  const opened = await identification(o.cadre).POST('/exits', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: { villageCode: village, incomeYear, householdIds },
  });
  const { roundId } = expectStatus('propose exit', 201, opened);
  await waitForExitStep(roundId, o.cadre, householdIds, 'village_assessment');
  await mustExitAct(roundId, o.cadre, { step: 'village_assessment', householdIds });
  await mustExitAct(roundId, o.cadre, { step: 'task_force_check', householdIds });
  const signedOn = new Date().toISOString().slice(0, 10);
  await mustExitAct(roundId, o.cadre, {
    step: 'household_agreement',
    householdIds,
    signatures: Object.fromEntries(householdIds.map((id) => [id, { signedBy: '户主', signedOn }])),
  });
  await waitForExitStep(roundId, o.approver, householdIds, 'county_approval', 60_000);
  await mustExitAct(roundId, o.approver, { step: 'county_approval', householdIds });
  await waitForExitStep(roundId, o.approver, householdIds, 'exited', 60_000);
  return roundId;
}
