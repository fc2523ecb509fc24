// The officials of a village, township and county driving the procedures through the APIs, as the benchmarks
// need them: they watch the recorded progress (the register's tables, not the workflow) and sign when it is their turn.
import { sleep } from './harness.mjs';

/** Wait until the register records every `wanted` household of a round (its `/households` list at `url`) at `step`. */
async function recordedAt(h, url, token, wanted, step) {
  for (;;) {
    const s = await h.must('GET', url, { token });
    const steps = new Map(s.households.map((x) => [x.householdId, x.step]));
    if (wanted.every((id) => steps.get(id) === step)) return s;
    await sleep(500);
  }
}

/**
 * One identification round from application to registration. Households above the line are refused at the
 * survey step with the reason; households in `objected` get an objection on the village notice, dismissed on
 * township re-examination. Counts go to `stats` (registered, refused: Set, objectionsFiled, objectionsLate).
 */
export async function driveIdentificationRound(
  h,
  { identUrl, noticeUrl, roundId, village, ids, objected = new Set(), stats },
) {
  const { call, must, tokenFor } = h;
  const cadre = await tokenFor('village_cadre', village);
  const reviewer = await tokenFor('township_reviewer', village.slice(0, 9));
  const approver = await tokenFor('county_approver', village.slice(0, 6));
  const at = (token, wanted, step) => recordedAt(h, `${identUrl}/rounds/${roundId}/households`, token, wanted, step);
  const act = async (token, step, wanted) => {
    for (;;) {
      const r = await call('POST', `${identUrl}/rounds/${roundId}/actions`, {
        token,
        body: { step, householdIds: wanted, action: 'approve' },
      });
      if (r.status === 200 || r.status === 201) return wanted;
      if (r.body?.error?.code === 'round.ineligible') {
        // above the line with 两不愁三保障 met: the cadre refuses them with the reason, the rest go on
        const out = (r.body.error.details ?? []).map((d) => d.householdId);
        await must('POST', `${identUrl}/rounds/${roundId}/actions`, {
          token,
          body: {
            step,
            householdIds: out,
            action: 'reject',
            reason: '人均纯收入高于扶贫标准且两不愁三保障已实现，不予识别',
          },
        });
        for (const id of out) stats.refused.add(id);
        wanted = wanted.filter((id) => !out.includes(id));
        if (wanted.length === 0) return wanted;
        continue;
      }
      if (!['round.not_cross_checked', 'procedure.not_running'].includes(r.body?.error?.code))
        throw new Error(`${step}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
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
      s = await call('GET', `${identUrl}/rounds/${roundId}`, { token: cadre });
      if (s.status !== 200 && s.status !== 503)
        throw new Error(`round state: ${s.status} ${JSON.stringify(s.body).slice(0, 300)}`);
      s = s.status === 200 ? s.body : { notices: [] };
    } while (!s.notices.some((n) => n.step === 'village_notice'));
    const noticeId = s.notices.find((n) => n.step === 'village_notice').noticeId;
    const filed = [];
    for (const id of mine) {
      const r = await call('POST', `${noticeUrl}/notices/${noticeId}/objections`, {
        body: { entryId: id, text: '该户家庭收入情况与调查不符，请核实' },
      });
      if (r.status === 202) filed.push(id);
      else if (r.body?.error?.code === 'notice.closed')
        stats.objectionsLate++; // the driver was too slow for the notice: nothing to re-examine
      else throw new Error(`objection: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    stats.objectionsFiled += filed.length;
    await at(reviewer, filed, 'township_reexamination');
    for (const id of filed)
      await must('POST', `${identUrl}/rounds/${roundId}/reexaminations`, {
        token: reviewer,
        body: { householdId: id, outcome: 'dismissed', reason: '经入户核实，收入已如实计入，异议不成立' },
      });
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
export async function driveExitRound(h, { identUrl, roundId, village, disagreeing = new Set(), stats }) {
  const { must, tokenFor } = h;
  const cadre = await tokenFor('village_cadre', village);
  const approver = await tokenFor('county_approver', village.slice(0, 6));
  const at = (token, wanted, step) => recordedAt(h, `${identUrl}/exits/${roundId}/households`, token, wanted, step);
  const all = (await must('GET', `${identUrl}/exits/${roundId}/households`, { token: cadre })).households.map(
    (x) => x.householdId,
  );
  const sign = async (token, step, ids, extra = {}, action = 'approve') => {
    for (;;) {
      const r = await h.call('POST', `${identUrl}/exits/${roundId}/actions`, {
        token,
        body: { step, householdIds: ids, action, ...extra },
      });
      if (r.status === 200 || r.status === 201) return r.body;
      // the campaign records the round a moment before it starts its workflow
      if (r.body?.error?.code !== 'procedure.not_running')
        throw new Error(`${step}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
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
