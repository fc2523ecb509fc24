// The procedure helper (procedure-workflow.ts, procedure-http.ts) against the test stack's Temporal, with a fixture
// workflow on a task queue of its own: started once by its business-key id (a retried request is fine, another
// round under the id is 409), its state queried (503 `busy` when it cannot answer), a signed update's typed
// refusal answered as the workflow chose it, an update to a procedure not running 409 procedure.not_running.
//   source .stack/test/env.sh && npx jest apps/identification-service/src/procedure-workflow.int.spec.ts --selectProjects integration
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createLogger } from '@fupin/observability';
import { DomainError, type Workflows } from '@fupin/service-kit';
import { requireEnv } from '@fupin/testing';
import { type RunningWorker, connectTemporalClient, startWorkflowWorker } from '@fupin/workflow-runtime';
import { fixtureSignUpdate, fixtureStateQuery, procedureFixtureWorkflow } from './fixtures/procedure.workflow';
import { roundState, signedUpdate, startRoundWorkflow } from './procedure-http';
import { ProcedureWorkflow } from '@fupin/service-kit';

jest.setTimeout(120_000);

const temporal = { address: requireEnv('TEMPORAL_ADDRESS'), namespace: requireEnv('TEMPORAL_NAMESPACE') };
const taskQueue = `procedure-workflow-test-${randomUUID().slice(0, 8)}`;
let client: Client;
let worker: RunningWorker;
let workflows: Workflows;
const started: ProcedureWorkflow[] = [];

beforeAll(async () => {
  client = await connectTemporalClient(temporal);
  workflows = { temporal: client };
  worker = await startWorkflowWorker(temporal, taskQueue, {
    workflowsPath: path.join(__dirname, 'fixtures', 'procedure.workflow.ts'),
  });
});
afterAll(async () => {
  for (const p of started) await p.update(fixtureSignUpdate, { by: 'done' }).catch(() => undefined);
  await worker?.shutdown();
  await client?.connection.close();
});

function procedure(roundId: string): ProcedureWorkflow {
  const p = new ProcedureWorkflow(workflows, `procedure-test:${roundId}`, taskQueue);
  started.push(p);
  return p;
}

const sameRound = (roundId: string) => ({
  query: fixtureStateQuery,
  args: [{}] as [{ householdId?: string }],
  conflict: (running: { roundId: string }) =>
    running.roundId === roundId
      ? null
      : { code: 'round.workflow_conflict', message: { 'zh-CN': '另一批次', en: `another round (${running.roundId})` } },
});

it('starts once by its id: a retried start is fine, another round under the same id is 409', async () => {
  const roundId = randomUUID();
  const p = procedure(roundId);
  await p.start(procedureFixtureWorkflow, { roundId }, sameRound(roundId));
  await p.start(procedureFixtureWorkflow, { roundId }, sameRound(roundId)); // a retried request
  await p.start(procedureFixtureWorkflow, { roundId: randomUUID() }); // no check asked: it is running, that is all
  const other = new ProcedureWorkflow(workflows, p.workflowId, taskQueue);
  const refused = await other
    .start(procedureFixtureWorkflow, { roundId: 'r-other' }, sameRound('r-other'))
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(DomainError);
  expect(refused).toMatchObject({
    status: 409,
    code: 'round.workflow_conflict',
    text: { en: `another round (${roundId})` },
  });
  expect(await p.query(fixtureStateQuery, { householdId: 'h-1' })).toEqual({ roundId, signed: [], asked: 'h-1' });
});

it('answers a signed update, and its typed refusal as the workflow chose it (status, code, field, both languages)', async () => {
  const roundId = randomUUID();
  const p = procedure(roundId);
  await p.start(procedureFixtureWorkflow, { roundId });
  await expect(p.update(fixtureSignUpdate, { by: 'cadre-wang' })).resolves.toMatchObject({ signed: ['cadre-wang'] });
  const refused = await signedUpdate(workflows, p.workflowId, fixtureSignUpdate, { by: ' ' }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(DomainError);
  expect(refused).toMatchObject({
    status: 400,
    code: 'fixture.signer_required',
    field: 'by',
    text: { 'zh-CN': '须写明签字人', en: 'name the signer' },
    details: { roundId },
  });
});

it('a procedure not running: an update is 409 procedure.not_running, a state 503 busy or the fallback', async () => {
  const p = new ProcedureWorkflow(workflows, `procedure-test:never-started-${randomUUID()}`, taskQueue);
  await expect(p.update(fixtureSignUpdate, { by: 'x' })).rejects.toMatchObject({
    status: 409,
    code: 'procedure.not_running',
  });
  await expect(p.stateOr(fixtureStateQuery, [{}], () => 'recorded')).resolves.toBe('recorded');
  const logger = createLogger('procedure-workflow-test', 'silent');
  const round = { workflow_id: p.workflowId, created_by: 'cadre-wang', created_at: new Date() };
  const busy = { code: 'round.busy', message: { 'zh-CN': '繁忙', en: 'busy' } };
  await expect(
    roundState({ temporal: client, logger }, round, fixtureStateQuery, undefined, busy),
  ).rejects.toMatchObject({
    status: 503,
    code: 'round.busy',
  });
});

it("reads a round's state with its record, and starts a round's workflow only for that round", async () => {
  const round = { id: randomUUID(), workflow_id: `procedure-test:round-${randomUUID()}` };
  const conflict = (other: string) => ({ code: 'round.workflow_conflict', message: { 'zh-CN': other, en: other } });
  const p = new ProcedureWorkflow(workflows, round.workflow_id, taskQueue);
  started.push(p);
  await p.start(procedureFixtureWorkflow, { roundId: round.id });
  // the helper's own start (orchestration queue) finds it running: this round's, so nothing to do
  await startRoundWorkflow(
    workflows,
    round,
    procedureFixtureWorkflow,
    { roundId: round.id },
    fixtureStateQuery,
    conflict,
  );
  await expect(
    startRoundWorkflow(workflows, { ...round, id: 'r-2' }, procedureFixtureWorkflow, {}, fixtureStateQuery, conflict),
  ).rejects.toMatchObject({ status: 409, code: 'round.workflow_conflict', text: { en: round.id } });
  const logger = createLogger('procedure-workflow-test', 'silent');
  const record = { ...round, created_by: 'cadre-wang', created_at: new Date('2026-01-01T00:00:00Z') };
  const busy = { code: 'round.busy', message: { 'zh-CN': '繁忙', en: 'busy' } };
  await expect(roundState({ temporal: client, logger }, record, fixtureStateQuery, 'h-2', busy)).resolves.toEqual({
    roundId: round.id,
    signed: [],
    asked: 'h-2',
    workflowId: round.workflow_id,
    createdBy: 'cadre-wang',
    createdAt: record.created_at,
  });
});
