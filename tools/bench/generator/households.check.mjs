// Checks of the benchmarks' population generator, with Node's test runner (dist/ must be built):
//   node --test tools/bench/generator/households.check.mjs
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { householdChunks, planPopulation } from './households.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
const rules = require(path.join(repoRoot, 'dist/libs/domain/identification-rules/src/index.js'));

const N = 30_000;
const all = (options) => [...householdChunks(planPopulation({ households: N, ...options }))].flat();
const digest = (households) => crypto.createHash('sha256').update(JSON.stringify(households)).digest('hex');
const population = all({ seed: 7 });

test('resident ID numbers are valid, unique, and agree with birth date and sex', () => {
  const seen = new Set();
  for (const h of population)
    for (const m of h.members) {
      const r = rules.validateResidentId(m.idNumber, '2020-09-30');
      assert.ok(r.ok, `${m.idNumber}: ${JSON.stringify(r.message)}`);
      assert.equal(r.value.birthDate, m.birthDate);
      assert.equal(r.value.sex, m.sex);
      assert.equal(r.value.divisionCode, h.villageCode.slice(0, 6));
      assert.ok(!seen.has(m.idNumber), `duplicate ${m.idNumber}`);
      seen.add(m.idNumber);
    }
});

test('about 3.2 persons per household, one head each', () => {
  const people = population.reduce((s, h) => s + h.members.length, 0);
  assert.ok(Math.abs(people / N - 3.2) < 0.05, `persons/household ${people / N}`);
  assert.ok(population.every((h) => h.members.filter((m) => m.relation === '户主').length === 1));
});

test('the same seed gives the same households whatever the chunk size; another seed does not', () => {
  assert.equal(digest(all({ seed: 7, chunkSize: 777 })), digest(population));
  assert.notEqual(digest(all({ seed: 8 })), digest(population));
});

test('without identities: the same rule inputs, no identifying columns', () => {
  const bare = all({ seed: 7, identities: false });
  const strip = ({ id, phone, members, observation, monitoring, ...rest }) => ({
    ...rest,
    members: members.map(({ id, idNumber, name, ethnicity, birthDate, ...m }) => m),
    observation: { ...observation, id: undefined },
    monitoring: monitoring && { ...monitoring, id: undefined, workflowId: undefined },
  });
  assert.equal(bare[0].id, undefined);
  assert.equal(bare[0].members[0].idNumber, undefined);
  assert.equal(digest(bare.map(strip)), digest(population.map(strip)));
});

test('surveys: two years newest first, net and per-capita income as identification derives them', () => {
  for (const h of population) {
    assert.deepEqual(
      h.surveys.map((s) => s.incomeYear),
      [2020, 2019],
    );
    for (const s of h.surveys) {
      const d = rules.perCapitaNetIncomeFen(s);
      assert.ok(d.ok);
      assert.equal(s.netIncomeFen, d.value.netIncomeFen);
      assert.equal(s.perCapitaFen, d.value.perCapitaFen);
      assert.equal(s.householdSize, h.members.length);
    }
  }
});

test('observations of the newest income year, but for a few of the year before', () => {
  const inYear = population.filter((h) => rules.isInIncomeYear(h.observation.observedAt.slice(0, 10), 2020)).length;
  assert.ok(inYear / N > 0.99 && inYear < N, `${inYear} of ${N} observed in income year 2020`);
  assert.ok(
    population.every(
      (h) =>
        rules.isInIncomeYear(h.observation.observedAt.slice(0, 10), 2019) ||
        rules.isInIncomeYear(h.observation.observedAt.slice(0, 10), 2020),
    ),
  );
});

test('every outcome a screening looks for occurs', () => {
  const share = (f) => population.filter(f).length / N;
  const line = { 2020: 400_000, 2019: 321_800 };
  const below = (h) => h.surveys[0].perCapitaFen < line[2020];
  const stablyAbove = (h) => h.surveys[0].perCapitaFen > line[2020] && h.surveys[1].perCapitaFen >= line[2019];
  const registered = (h) => h.status === 'registered';
  const expect = {
    'registered, below the line': share((h) => registered(h) && below(h)),
    'registered, stably above the line': share((h) => registered(h) && stablyAbove(h)),
    'registered, above now but below the year before': share(
      (h) => registered(h) && h.surveys[0].perCapitaFen > line[2020] && h.surveys[1].perCapitaFen < line[2019],
    ),
    exited: share((h) => h.status === 'exited'),
    'exited, below the monitoring line': share((h) => h.status === 'exited' && h.surveys[0].perCapitaFen < 600_000),
    'under monitoring': share((h) => h.monitoring !== null),
    'edge households (never registered)': share((h) => h.status === 'refused'),
    'lacking food': share((h) => !h.observation.foodSecure),
    'lacking clothing': share((h) => !h.observation.clothingSecure),
    'unsafe house': share((h) => ['C', 'D'].includes(h.observation.housingGrade)),
    'unsafe water': share((h) => !h.observation.drinkingWaterSafe),
    'a child out of school': share((h) => h.observation.childrenOutOfSchool > 0),
    'an uninsured member': share((h) => h.members.some((m) => !m.basicMedicalInsured)),
    'rigid spending above net income': share(
      (h) => h.surveys[0].illnessSpending + h.surveys[0].studentCosts > h.surveys[0].netIncomeFen,
    ),
  };
  for (const [what, s] of Object.entries(expect)) assert.ok(s > 0 && s < 0.9, `${what}: ${(s * 100).toFixed(2)} %`);
  // lacking food or clothing is rare: a realistic share, not half the register
  assert.ok(expect['lacking food'] < 0.03 && expect['lacking clothing'] < 0.03);
});

test('divisions: one province, 100 counties, villages inside their townships', () => {
  const plan = planPopulation({ households: 1_000_000 });
  const byLevel = (l) => plan.divisions.filter((d) => d.level === l);
  assert.equal(byLevel('province').length, 1);
  assert.equal(byLevel('county').length, 100);
  for (const d of plan.divisions) {
    assert.equal(rules.divisionLevel(d.code), d.level);
    if (d.parentCode) assert.equal(rules.parentDivision(d.code), d.parentCode);
  }
  const households = plan.counties.reduce((s, c) => s + c.villages.reduce((t, v) => t + v.households, 0), 0);
  assert.equal(households, 1_000_000);
  assert.ok(byLevel('village').every((v) => v.ruralPopulation > 0));
});
