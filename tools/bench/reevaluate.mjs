// Benchmark of the annual re-evaluation's rules (一年一评): generate N households with two income surveys
// (六算 line items) and living conditions (the shared generator, tools/bench/generator/households.mjs, the population
// bench:screening loads into PostgreSQL), then for every one derive per-capita income, decide eligibility
// (below the line or 两不愁三保障 unmet) and check the exit criteria — with the same pure rule libraries the
// services use (dist/, run `node tools/build.mjs` first). Generation and evaluation stream in chunks, so
// memory stays flat. Prints households/s, the outcome counts and peak memory.
//   npm run bench:reevaluate [-- --households 1000000 --seed 7]
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { householdChunks, planPopulation } from './generator/households.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { values: argv } = parseArgs({
  options: {
    households: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '7' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  console.log('usage: node tools/bench/reevaluate.mjs [--households 1000000] [--seed 7]');
  process.exit(0);
}
const dist = (rel) => {
  const file = path.join(repoRoot, 'dist', rel);
  if (!fs.existsSync(file)) {
    console.error(`${rel} is missing: run \`node tools/build.mjs\` first`);
    process.exit(2);
  }
  return require(file);
};
const { perCapitaNetIncomeFen, assessEligibility, guaranteesFromObservations, resolvePolicy } = dist(
  'libs/domain/identification-rules/src/index.js',
);
const { checkExitCriteria } = dist('libs/domain/exit-rules/src/index.js');

const N = Number(argv.households);
// the benchmarks' shared population (tools/bench/generator), without the columns only a database needs
const plan = planPopulation({ households: N, seed: Number(argv.seed), identities: false });
const { incomeYear: YEAR, province: PROVINCE } = plan.options;

const policies = new Map();
const policyOf = (province, year) => {
  const key = `${province}:${year}`;
  if (!policies.has(key)) {
    const p = resolvePolicy(province, year, []);
    if (!p.ok) throw new Error(JSON.stringify(p.violations));
    policies.set(key, p.value);
  }
  return policies.get(key);
};

const counts = { eligible: 0, belowLine: 0, guaranteeUnmet: 0, mayExit: 0, exitBlockedBy: {} };
let peakRss = 0;
const t0 = performance.now();
let lastLog = t0;
let done = 0;
for (const chunk of householdChunks(plan)) {
  for (const h of chunk) {
    const derived = h.surveys.map((s) => {
      const r = perCapitaNetIncomeFen(s);
      if (!r.ok) throw new Error(JSON.stringify(r.violations));
      return { incomeYear: s.incomeYear, perCapitaFen: r.value.perCapitaFen };
    });
    const policy = policyOf(PROVINCE, YEAR);
    const o = h.observation;
    const children = h.members
      .filter((m) => m.age < 18)
      .map((m) => ({ age: m.age, inSchool: m.studentStatus !== 'out_of_school' }));
    const members = h.members.map((m) => ({ basicMedicalInsured: m.basicMedicalInsured }));
    const guarantees = guaranteesFromObservations(
      {
        housingGrade: o.housingGrade,
        drinkingWaterSafe: o.drinkingWaterSafe,
        foodSecure: o.foodSecure,
        clothingSecure: o.clothingSecure,
        childrenOutOfSchool: o.childrenOutOfSchool,
        uninsuredMembers: members.filter((m) => !m.basicMedicalInsured).length,
      },
      policy,
    );
    if (!guarantees.ok) throw new Error(JSON.stringify(guarantees.violations));
    const e = assessEligibility({ perCapitaFen: derived[0].perCapitaFen, guarantees: guarantees.value, policy });
    if (e.eligible) counts.eligible++;
    if (e.basis === 'below_line') counts.belowLine++;
    if (e.basis === 'guarantee_unmet') counts.guaranteeUnmet++;
    const exit = checkExitCriteria({
      surveys: derived,
      lineFenByYear: (year) => policyOf(PROVINCE, year).povertyLineFen,
      children,
      members,
      housingGrade: o.housingGrade,
      drinkingWaterSafe: o.drinkingWaterSafe,
      // 两不愁 (issue 12): ignored by an exit-rules build that does not judge them yet
      foodSecure: o.foodSecure,
      clothingSecure: o.clothingSecure,
    });
    if (exit.ok) counts.mayExit++;
    else for (const f of exit.failed) counts.exitBlockedBy[f.criterion] = (counts.exitBlockedBy[f.criterion] ?? 0) + 1;
  }
  done += chunk.length;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const now = performance.now();
  if (now - lastLog > 2000) {
    process.stderr.write(
      `  ${done.toLocaleString('en-US')}/${N.toLocaleString('en-US')} households, ${((now - t0) / 1000).toFixed(0)} s\n`,
    );
    lastLog = now;
  }
}
const seconds = (performance.now() - t0) / 1000;
const summary = {
  bench: 'reevaluate',
  households: N,
  seconds: Number(seconds.toFixed(1)),
  householdsPerSec: Math.round(N / seconds),
  peakRssMiB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024),
  ...counts,
};
console.log(
  `re-evaluated ${N.toLocaleString('en-US')} households (generate + per-capita income + eligibility + exit criteria) in ${seconds.toFixed(1)} s = ${summary.householdsPerSec.toLocaleString('en-US')} households/s; peak RSS ${summary.peakRssMiB} MiB`,
);
console.log(
  `eligible ${counts.eligible.toLocaleString('en-US')} (below the line ${counts.belowLine.toLocaleString('en-US')}, 两不愁三保障 unmet ${counts.guaranteeUnmet.toLocaleString('en-US')}); may exit ${counts.mayExit.toLocaleString('en-US')}; exit blocked by ${JSON.stringify(counts.exitBlockedBy)}`,
);
console.log(JSON.stringify(summary));
