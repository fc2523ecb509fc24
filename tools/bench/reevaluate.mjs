// Benchmark of the annual re-evaluation's rules (一年一评): generate N households with two income surveys
// (六算 line items) and living conditions, then for every one derive per-capita income, decide eligibility
// (below the line or 两不愁三保障 unmet) and check the exit criteria — with the same pure rule libraries the
// services use (dist/, run `node tools/build.mjs` first). Generation and evaluation stream in chunks, so
// memory stays flat. Prints households/s, the outcome counts and peak memory.
//   npm run bench:reevaluate [-- --households 1000000 --seed 7]
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

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
let state = Number(argv.seed) >>> 0 || 7;
const rnd = () => {
  // xorshift32: deterministic, fast
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const GRADES = ['A', 'B', 'B', 'C', 'D'];

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
const PROVINCES = ['43', '52', '53', '62', '45', '51'];

function household() {
  const size = int(1, 6);
  const perPerson = () => int(1_000_00, 9_000_00); // 1,000–9,000 yuan per person, in fen
  const survey = (incomeYear, pc) => ({
    householdSize: size,
    farmingIncome: Math.floor(pc * size * 0.4),
    livestockIncome: Math.floor(pc * size * 0.1),
    wageIncome: Math.floor(pc * size * 0.5),
    propertyIncome: 0,
    transferIncome: int(0, 50_000),
    businessNetIncome: 0,
    productionCosts: int(0, 60_000),
    livingExpenses: int(100_000, 400_000),
    illnessSpending: int(0, 200_000),
    studentCosts: int(0, 100_000),
    incomeYear,
  });
  const children = Array.from({ length: int(0, 3) }, () => ({ age: int(0, 17), inSchool: rnd() > 0.02 }));
  const members = Array.from({ length: size }, () => ({ basicMedicalInsured: rnd() > 0.03 }));
  return {
    province: PROVINCES[int(0, PROVINCES.length - 1)],
    surveys: [survey(2020, perPerson()), survey(2019, perPerson())],
    children,
    members,
    housingGrade: GRADES[int(0, GRADES.length - 1)],
    drinkingWaterSafe: rnd() > 0.08,
    foodSecure: rnd() > 0.01,
    clothingSecure: rnd() > 0.01,
  };
}

const counts = { eligible: 0, belowLine: 0, guaranteeUnmet: 0, mayExit: 0, exitBlockedBy: {} };
const CHUNK = 10_000;
let peakRss = 0;
const t0 = performance.now();
let lastLog = t0;
for (let done = 0; done < N; done += CHUNK) {
  const chunk = Array.from({ length: Math.min(CHUNK, N - done) }, household);
  for (const h of chunk) {
    const derived = h.surveys.map((s) => {
      const r = perCapitaNetIncomeFen(s);
      if (!r.ok) throw new Error(JSON.stringify(r.violations));
      return { incomeYear: s.incomeYear, perCapitaFen: r.value.perCapitaFen };
    });
    const policy = policyOf(h.province, 2020);
    const guarantees = guaranteesFromObservations(
      {
        housingGrade: h.housingGrade,
        drinkingWaterSafe: h.drinkingWaterSafe,
        foodSecure: h.foodSecure,
        clothingSecure: h.clothingSecure,
        childrenOutOfSchool: h.children.filter((c) => c.age >= 6 && c.age <= 15 && !c.inSchool).length,
        uninsuredMembers: h.members.filter((m) => !m.basicMedicalInsured).length,
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
      lineFenByYear: (year) => policyOf(h.province, year).povertyLineFen,
      children: h.children,
      members: h.members,
      housingGrade: h.housingGrade,
      drinkingWaterSafe: h.drinkingWaterSafe,
    });
    if (exit.ok) counts.mayExit++;
    else for (const f of exit.failed) counts.exitBlockedBy[f.criterion] = (counts.exitBlockedBy[f.criterion] ?? 0) + 1;
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const now = performance.now();
  if (now - lastLog > 2000) {
    process.stderr.write(
      `  ${(done + chunk.length).toLocaleString('en-US')}/${N.toLocaleString('en-US')} households, ${((now - t0) / 1000).toFixed(0)} s\n`,
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
