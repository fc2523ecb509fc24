// Driving the identification procedure through the public APIs, as the village, township and county would.
import { randomUUID } from 'node:crypto';
import type { IdentificationPaths } from '@fupin/api-client';
import { eventually } from '@fupin/testing';
import { clientFor, expectStatus, type JsonBody } from './clients';
import { household } from './people';
import { token } from './platform';

export interface Officials {
  cadre: string;
  reviewer: string;
  approver: string;
}

export async function officialsOf(village: string): Promise<Officials> {
  return {
    cadre: await token('village_cadre', village, { subject: 'cadre-zhang' }),
    reviewer: await token('township_reviewer', village.slice(0, 9), { subject: 'reviewer-wang' }),
    approver: await token('county_approver', village.slice(0, 6), { subject: 'approver-liu' }),
  };
}

/** The identification service as the bearer of `tokenValue`. */
const identification = (tokenValue: string) => clientFor('identification-service', tokenValue);

/** Applications (农户申请) with a survey and an observation: eligible (low income) unless `income` says otherwise. */
export async function applyHousehold(
  cadre: string,
  village: string,
  options: { perCapitaYuan?: number; incomeYear?: number; size?: number } = {},
): Promise<string> {
  const size = options.size ?? 3;
  const created = await identification(cadre).POST('/households', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: household(village, size),
  });
  const { id } = expectStatus('apply', 201, created);
  await completeSurvey(cadre, id, { ...options, size });
  return id;
}

/** The household survey (六算), what the surveyor saw and the causes — what the procedure checks at the survey step. */
export async function completeSurvey(
  cadre: string,
  id: string,
  options: { perCapitaYuan?: number; incomeYear?: number; size?: number } = {},
): Promise<void> {
  const size = options.size ?? 3;
  const wageFen = (options.perCapitaYuan ?? 2000) * 100 * size;
  const client = identification(cadre);
  const idempotent = () => ({ path: { id }, header: { 'Idempotency-Key': randomUUID() } });
  expectStatus(
    'survey',
    201,
    await client.POST('/households/{id}/surveys', {
      params: idempotent(),
      body: {
        incomeYear: options.incomeYear ?? 2020,
        farmingIncome: 0,
        livestockIncome: 0,
        wageIncome: wageFen,
        propertyIncome: 0,
        transferIncome: 0,
        businessNetIncome: 0,
        productionCosts: 0,
        livingExpenses: 300_000,
        illnessSpending: 0,
        studentCosts: 0,
      },
    }),
  );
  expectStatus(
    'observation',
    201,
    await client.POST('/households/{id}/observations', {
      params: idempotent(),
      body: { housingGrade: 'B', drinkingWaterSafe: true },
    }),
  );
  expectStatus(
    'causes',
    200,
    await client.PUT('/households/{id}/causes', {
      params: { path: { id } },
      body: { mainCause: '因病', otherCauses: [], assistanceCategory: 'production' },
    }),
  );
}

/** A round's state (GET /rounds/{id}): its notices, and each household's step, what is pending and its history. */
export async function roundState(roundId: string, tokenValue: string, householdId?: string) {
  return expectStatus(
    'round state',
    200,
    await identification(tokenValue).GET('/rounds/{id}', {
      params: { path: { id: roundId }, query: { householdId } },
    }),
  );
}

export type RoundState = Awaited<ReturnType<typeof roundState>>;

/** Wait until every named household of a round's state (as `read` gets it) is at `step`. */
export async function waitForHouseholds<S extends { households: { householdId: string; step: string }[] }>(
  read: () => Promise<S>,
  householdIds: string[],
  step: string,
  timeoutMs = 60_000,
): Promise<S> {
  return eventually(
    async () => {
      const s = await read();
      return householdIds.every((id) => s.households.find((h) => h.householdId === id)?.step === step) ? s : undefined;
    },
    timeoutMs,
    250,
  );
}

/** Wait until every named household is at `step`. */
export async function waitForStep(
  roundId: string,
  tokenValue: string,
  householdIds: string[],
  step: string,
  timeoutMs = 60_000,
): Promise<RoundState> {
  return waitForHouseholds(() => roundState(roundId, tokenValue), householdIds, step, timeoutMs);
}

type RoundAction = JsonBody<IdentificationPaths['/rounds/{id}/actions']['post']>;

/** Sign a step of a round for the households (POST /rounds/{id}/actions); the answer as it comes. */
export async function act(
  roundId: string,
  tokenValue: string,
  step: RoundAction['step'],
  householdIds: string[],
  action: RoundAction['action'] = 'approve',
  reason?: string,
) {
  return identification(tokenValue).POST('/rounds/{id}/actions', {
    params: { path: { id: roundId } },
    body: { step, householdIds, action, ...(reason ? { reason } : {}) },
  });
}

export async function mustAct(
  roundId: string,
  tokenValue: string,
  step: RoundAction['step'],
  householdIds: string[],
  action: RoundAction['action'] = 'approve',
  reason?: string,
) {
  return expectStatus(
    `${action} at ${step}`,
    [200, 201],
    await act(roundId, tokenValue, step, householdIds, action, reason),
  );
}

/** The whole procedure with no objections: households registered (household.registered published). */
export async function registerThroughRound(
  village: string,
  householdIds: string[],
  incomeYear = 2020,
): Promise<string> {
  const o = await officialsOf(village);
  const opened = await identification(o.cadre).POST('/rounds', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: { villageCode: village, incomeYear, householdIds },
  });
  const { roundId } = expectStatus('open round', 201, opened);
  await driveRoundToRegistration(village, roundId, householdIds);
  return roundId;
}

/** Sign every step of an open round for the households, as the village, township and county, until they are registered. */
export async function driveRoundToRegistration(
  village: string,
  roundId: string,
  householdIds: string[],
): Promise<void> {
  const o = await officialsOf(village);
  const villageSteps: RoundAction['step'][] = [
    'application',
    'household_survey',
    'village_group_assessment',
    'village_committee_assessment',
  ];
  for (const step of villageSteps) {
    await waitForStep(roundId, o.cadre, householdIds, step);
    await mustAct(roundId, o.cadre, step, householdIds);
  }
  await waitForStep(roundId, o.reviewer, householdIds, 'township_review');
  await mustAct(roundId, o.reviewer, 'township_review', householdIds);
  await waitForStep(roundId, o.approver, householdIds, 'county_cross_check');
  await crossCheck(roundId, o.approver, householdIds);
  await mustAct(roundId, o.approver, 'county_approval', householdIds);
  await waitForStep(roundId, o.approver, householdIds, 'registered');
}

/** The county's cross-check (比对), retried while the comparison with other departments' data is still running. */
export async function crossCheck(roundId: string, approver: string, householdIds: string[]): Promise<void> {
  await eventually(
    async () => {
      const r = await act(roundId, approver, 'county_cross_check', householdIds);
      return r.response.status === 200 || r.response.status === 201
        ? true
        : r.error?.error.code === 'round.not_cross_checked'
          ? undefined
          : Promise.reject(new Error(JSON.stringify(r.error ?? r.data)));
    },
    30_000,
    300,
  );
}
