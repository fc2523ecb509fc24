// The officials of a village, township and county driving the procedures through the APIs, as the benchmarks
// need them: they watch the recorded progress (the register's tables, not the workflow) and sign when it is their turn.
// Every request goes through the typed client of the service (h.client, libs/api-client).
import { sleep } from './harness.mjs';

/** Wait until the register records every `wanted` household of a round (as `read` lists them) at `step`. */
async function recordedAt(read, wanted, step) {
  for (;;) {
    const s = await read();
    const steps = new Map(s.households.map((x) => [x.householdId, x.step]));
    if (wanted.every((id) => steps.get(id) === step)) return s;
    await sleep(500);
  }
}

/** The refusal's code, when the service answered with the error shape. */
const codeOf = (r) => r.error?.error?.code;

/**
 * One identification round from application to registration. Households above the line are refused at the
 * survey step with the reason; households in `objected` get an objection on the village notice, dismissed on
 * township re-examination. Counts go to `stats` (registered, refused: Set, objectionsFiled, objectionsLate).
 */
export async function driveIdentificationRound(h, { roundId, village, ids, objected = new Set(), stats }) {
  const { must, tokenFor } = h;
  const ident = (token) => h.client('identification-service', token);
  const round = { params: { path: { id: roundId } } };
  const cadre = await tokenFor('village_cadre', village);
  const reviewer = await tokenFor('township_reviewer', village.slice(0, 9));
  const approver = await tokenFor('county_approver', village.slice(0, 6));
  const at = (token, wanted, step) =>
    recordedAt(() => must(ident(token).GET('/rounds/{id}/households', round)), wanted, step);
  const act = async (token, step, wanted) => {
    for (;;) {
      const r = await ident(token).POST('/rounds/{id}/actions', {
        ...round,
        body: { step, householdIds: wanted, action: 'approve' },
      });
      if (r.response.status === 200 || r.response.status === 201) return wanted;
      if (codeOf(r) === 'round.ineligible') {
        // above the line with 两不愁三保障 met: the cadre refuses them with the reason, the rest go on
        const out = (r.error.error.details ?? []).map((d) => d.householdId);
        await must(
          ident(token).POST('/rounds/{id}/actions', {
            ...round,
            body: {
              step,
              householdIds: out,
              action: 'reject',
              reason: '人均纯收入高于扶贫标准且两不愁三保障已实现，不予识别',
            },
          }),
        );
        for (const id of out) stats.refused.add(id);
        wanted = wanted.filter((id) => !out.includes(id));
        if (wanted.length === 0) return wanted;
        continue;
      }
      if (!['round.not_cross_checked', 'procedure.not_running'].includes(codeOf(r)))
        throw new Error(`${step}: ${r.response.status} ${JSON.stringify(r.error).slice(0, 400)}`);
      await sleep(300);
    }
  };
  for (const step of ['application', 'household_survey', 'village_group_assessment', 'village_committee_assessment']) {
    await at(cadre, ids, step);
    ids = await act(cadre, step, ids);
    if (ids.length === 0) return;
  }
  // objections during the village notice, dismissed on township re-examination
  const mine = ids.filter((id) => objected.has(id));
  if (mine.length) {
    let s;
    do {
      await sleep(300);
      const r = await ident(cadre).GET('/rounds/{id}', round);
      if (r.response.status !== 200 && r.response.status !== 503)
        throw new Error(`round state: ${r.response.status} ${JSON.stringify(r.error).slice(0, 300)}`);
      s = r.response.status === 200 ? r.data : { notices: [] };
    } while (!s.notices.some((n) => n.step === 'village_notice'));
    const noticeId = s.notices.find((n) => n.step === 'village_notice').noticeId;
    const filed = [];
    for (const id of mine) {
      // the public files objections: no token
      const r = await h.client('notice-service').POST('/notices/{id}/objections', {
        params: { path: { id: noticeId } },
        body: { entryId: id, text: '该户家庭收入情况与调查不符，请核实' },
      });
      if (r.response.status === 202) filed.push(id);
      else if (codeOf(r) === 'notice.closed')
        stats.objectionsLate++; // the driver was too slow for the notice: nothing to re-examine
      else throw new Error(`objection: ${r.response.status} ${JSON.stringify(r.error).slice(0, 300)}`);
    }
    stats.objectionsFiled += filed.length;
    await at(reviewer, filed, 'township_reexamination');
    for (const id of filed)
      await must(
        ident(reviewer).POST('/rounds/{id}/reexaminations', {
          ...round,
          body: { householdId: id, outcome: 'dismissed', reason: '经入户核实，收入已如实计入，异议不成立' },
        }),
      );
  }
  await at(reviewer, ids, 'township_review');
  await act(reviewer, 'township_review', ids);
  await at(approver, ids, 'county_cross_check');
  await act(approver, 'county_cross_check', ids);
  await act(approver, 'county_approval', ids);
  await at(approver, ids, 'registered');
  stats.registered += ids.length;
}

/**
 * One exit round to its end: democratic assessment and task-force check for all; each household signs, except
 * those in `disagreeing` (their reason recorded, they stay registered); the village notice runs; the county approves.
 * Counts go to `stats` (exited, stayed).
 */
export async function driveExitRound(h, { roundId, village, disagreeing = new Set(), stats }) {
  const { must, tokenFor } = h;
  const ident = (token) => h.client('identification-service', token);
  const round = { params: { path: { id: roundId } } };
  const cadre = await tokenFor('village_cadre', village);
  const approver = await tokenFor('county_approver', village.slice(0, 6));
  const households = (token) => must(ident(token).GET('/exits/{id}/households', round));
  const at = (token, wanted, step) => recordedAt(() => households(token), wanted, step);
  const all = (await households(cadre)).households.map((x) => x.householdId);
  const sign = async (token, step, ids, extra = {}, action = 'approve') => {
    for (;;) {
      const r = await ident(token).POST('/exits/{id}/actions', {
        ...round,
        body: { step, householdIds: ids, action, ...extra },
      });
      if (r.response.status === 200 || r.response.status === 201) return r.data;
      // the campaign records the round a moment before it starts its workflow
      if (codeOf(r) !== 'procedure.not_running')
        throw new Error(`${step}: ${r.response.status} ${JSON.stringify(r.error).slice(0, 400)}`);
      await sleep(300);
    }
  };
  await at(cadre, all, 'village_assessment');
  await sign(cadre, 'village_assessment', all, { reason: '村民代表会议民主评议通过' });
  await sign(cadre, 'task_force_check', all, { reason: '驻村工作队入户核实' });
  const no = all.filter((id) => disagreeing.has(id));
  const yes = all.filter((id) => !disagreeing.has(id));
  if (no.length) await sign(cadre, 'household_agreement', no, { reason: '户主认为收入不稳定，不同意退出' }, 'reject');
  stats.stayed += no.length;
  if (yes.length === 0) return;
  const today = new Date().toISOString().slice(0, 10);
  await sign(cadre, 'household_agreement', yes, {
    signatures: Object.fromEntries(yes.map((id) => [id, { signedBy: '户主', signedOn: today }])),
  });
  await at(approver, yes, 'county_approval');
  await sign(approver, 'county_approval', yes, { reason: '符合退出标准' });
  await at(approver, yes, 'exited');
  stats.exited += yes.length;
}
