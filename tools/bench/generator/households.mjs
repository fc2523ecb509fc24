// The benchmarks' one synthetic population (bench:reevaluate in memory, bench:screening in PostgreSQL): a province's
// counties, townships and villages, and their households with members, the income surveys (六算) of the last two
// income years and a living-condition observation — deterministic from `seed`, generated in chunks so memory stays
// flat. Built on @fupin/population (the draws, names, ethnicities, causes, household composition and resident ID
// numbers the county roster generator uses too) and identification's own rules, from dist/ (`node tools/build.mjs`).
//
//   import { planPopulation, householdChunks } from './generator/households.mjs';
//   const plan = planPopulation({ households: 1_000_000, seed: 7 });
//   for (const chunk of householdChunks(plan)) for (const household of chunk) …
//
// Two random streams: `rnd` decides everything the rules read (sizes, ages, schooling, insurance, incomes,
// conditions, statuses), `idr` only what identifies (uuids, names, ID sequence numbers, phones). With
// `identities: false` the second stream is skipped: the same households, without the columns only a database needs.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
function dist(rel) {
  const file = path.join(repoRoot, 'dist', rel);
  if (!fs.existsSync(file)) {
    console.error(`${rel} is missing: run \`node tools/build.mjs\` first`);
    process.exit(2);
  }
  return require(file);
}
const { perCapitaNetIncomeFen, nationalPovertyLine } = dist('libs/domain/identification-rules/src/index.js');
const {
  prng,
  draws,
  weights,
  spread,
  DAY_MS,
  isoDate,
  birthDateOf,
  HOUSEHOLD_SIZE_WEIGHTS,
  membersOf,
  healthOf,
  labourOf,
  educationOf,
  mobileNumber,
  povertyCausesOf,
  assistanceCategoryOf,
  personName,
  ethnicityWeights,
  SURNAMES,
  residentIdIssuer,
} = dist('libs/population/src/index.js');
export { prng, HOUSEHOLD_SIZE_WEIGHTS };

export const POPULATION_DEFAULTS = Object.freeze({
  households: 1_000_000,
  seed: 7,
  /** 贵州: one province, so one screening covers the whole population. */
  province: '52',
  counties: 100,
  /** The newest income year surveyed; the one before it is surveyed too. */
  incomeYear: 2020,
  chunkSize: 2_000,
  identities: true,
});
const GENERATED_BY = 'bench-generator';

/** 房屋安全等级 after years of 危房改造: mostly safe, C/D (dangerous) in about one household in twenty. */
const HOUSING = weights([
  ['A', 33],
  ['B', 62],
  ['C', 4],
  ['D', 1],
]);
/**
 * Register statuses and the income level (人均纯收入, yuan, log-normal median and spread) of each: registered households
 * around the line so that every outcome occurs (may exit, must stay, below the monitoring line), exited households
 * mostly above it (some fall back below the monitoring line), edge households (边缘户, never registered) near it.
 */
const STATUSES = weights([
  ['registered', 80],
  ['exited', 17],
  ['refused', 3],
]);
const INCOME_LEVEL = {
  registered: { medianYuan: 4_800, sigma: 0.45 },
  exited: { medianYuan: 7_200, sigma: 0.4 },
  refused: { medianYuan: 5_200, sigma: 0.3 },
};
/** Share of exited households under relapse monitoring (脱贫不稳定户); every edge household here is monitored. */
const EXITED_MONITORED_SHARE = 0.3;
/** Share of households whose newest observation is of the income year before (none of the newest year). */
const STALE_OBSERVATION_SHARE = 0.005;

/**
 * The divisions of the population and how many households each village has: `counties` counties under
 * `province` (10 per city), about 105 households per village, up to 15 townships per county.
 */
export function planPopulation(options = {}) {
  const o = { ...POPULATION_DEFAULTS, ...options };
  if (!/^\d{2}$/.test(o.province)) throw new RangeError('province must be a 2-digit code');
  if (!(o.households >= 1)) throw new RangeError('households must be at least 1');
  if (!nationalPovertyLine(o.incomeYear) || !nationalPovertyLine(o.incomeYear - 1))
    throw new RangeError(`no national poverty line for ${o.incomeYear - 1} or ${o.incomeYear}`);
  const d = draws(prng(o.seed ^ 0x5eed));
  const nCounties = Math.min(o.counties, o.households);
  const divisions = [{ code: o.province, name: '基准省', level: 'province', parentCode: null, ruralPopulation: null }];
  const counties = [];
  spread(o.households, nCounties, d).forEach((households, c) => {
    const city = `${o.province}${String(1 + Math.floor(c / 10)).padStart(2, '0')}`;
    const code = `${city}${String(21 + (c % 10)).padStart(2, '0')}`;
    if (c % 10 === 0) divisions.push({ code: city, name: `第${c / 10 + 1}市`, level: 'city', parentCode: o.province });
    divisions.push({ code, name: `第${c + 1}县`, level: 'county', parentCode: city });
    const nVillages = Math.max(1, Math.min(households, Math.round(households / 105)));
    const nTownships = Math.max(1, Math.min(15, Math.ceil(nVillages / 7)));
    for (let t = 0; t < nTownships; t++)
      divisions.push({
        code: `${code}${101 + t}`,
        name: `第${c + 1}县${t + 1}镇`,
        level: 'township',
        parentCode: code,
      });
    const villages = spread(households, nVillages, d).map((n, v) => {
      const township = `${code}${101 + (v % nTownships)}`;
      const village = `${township}${201 + Math.floor(v / nTownships)}`;
      // 农村人口: the poor are about one in eight of a poor county's rural population
      const ruralPopulation = Math.round(n * 3.21 * (6 + d.rnd() * 4));
      divisions.push({
        code: village,
        name: `${village.slice(-6)}村`,
        level: 'village',
        parentCode: township,
        ruralPopulation,
      });
      return { code: village, households: n };
    });
    counties.push({ code, households, villages });
  });
  for (const x of divisions) x.ruralPopulation ??= null;
  return { options: o, divisions, counties };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** 8 hex digits of a random 32-bit number from the identity stream. */
function hex32(idr) {
  const n = (idr() * 4294967296) >>> 0;
  return HEX[n >>> 24] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}
/** A v4-shaped uuid from the identity stream. */
function uuid(idr) {
  const b = hex32(idr);
  const c = hex32(idr);
  const variant = '89ab'[(idr() * 4) | 0];
  return `${hex32(idr)}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${hex32(idr)}`;
}

/** 在校生状况: compulsory-education ages in school but for a few (控辍保学), some older ones at high school or university. */
function studentStatusOf(age, d) {
  if (age < 3) return null;
  if (age < 6) return 'not_student';
  if (age <= 15) return d.rnd() < 0.006 ? 'out_of_school' : 'compulsory';
  if (age <= 18) return d.rnd() < 0.65 ? 'high_school' : 'not_student';
  if (age <= 22) return d.rnd() < 0.25 ? 'university' : 'not_student';
  return 'not_student';
}

/**
 * The six line items of one survey whose household net income is `netFen`: the income split over farming, livestock,
 * wages, property, transfers and business around the production costs (wages take the remainder, so the sum is exact).
 */
function lineItems(netFen, size, transferHeavy, d) {
  const productionCosts = netFen < 0 ? -netFen + d.int(10_000, 100_000) : d.int(20_000, 300_000);
  const gross = netFen + productionCosts;
  const share = (lo, hi) => Math.floor(gross * (lo + d.rnd() * (hi - lo)));
  const farmingIncome = share(0.2, 0.4);
  const livestockIncome = share(0, 0.12);
  const propertyIncome = share(0, 0.02);
  const transferIncome = transferHeavy ? share(0.15, 0.35) : share(0.02, 0.1);
  const businessNetIncome = d.rnd() < 0.1 ? share(0, 0.06) : 0;
  const wageIncome = gross - farmingIncome - livestockIncome - propertyIncome - transferIncome - businessNetIncome;
  return {
    householdSize: size,
    farmingIncome,
    livestockIncome,
    wageIncome,
    propertyIncome,
    transferIncome,
    businessNetIncome,
    productionCosts,
    livingExpenses: size * d.int(150_000, 400_000),
  };
}

/** 刚性支出 of a year, onto `survey`: illness spending by the members' health (a sudden serious illness now and then), schooling. */
function rigidSpending(survey, members, d) {
  let illnessSpending = 0;
  for (const m of members)
    illnessSpending +=
      m.health === 'serious_illness'
        ? d.int(500_000, 4_000_000)
        : m.health === 'chronic_illness' || m.health === 'disability'
          ? d.int(50_000, 500_000)
          : d.int(0, 30_000);
  if (d.rnd() < 0.02) illnessSpending += d.int(2_000_000, 6_000_000); // 突发: an accident, a serious diagnosis
  let studentCosts = 0;
  for (const m of members)
    if (m.studentStatus === 'compulsory') studentCosts += d.int(20_000, 80_000);
    else if (m.studentStatus === 'high_school' || m.studentStatus === 'university')
      studentCosts += d.int(200_000, 800_000);
  survey.illnessSpending = illnessSpending;
  survey.studentCosts = studentCosts;
}

/** One survey (入户调查, 六算) with net and per-capita income derived exactly as identification derives them. */
function survey(incomeYear, perCapitaYuan, members, transferHeavy, d) {
  const size = members.length;
  const negative = d.rnd() < 0.003; // a year of losses (灾害, 经营亏损)
  const netFen = negative ? -size * d.int(0, 200_000) : Math.round(perCapitaYuan * 100) * size;
  const s = lineItems(netFen, size, transferHeavy, d);
  rigidSpending(s, members, d);
  const derived = perCapitaNetIncomeFen(s);
  if (!derived.ok) throw new Error(`generated survey refused: ${JSON.stringify(derived.violations)}`);
  s.incomeYear = incomeYear;
  s.netIncomeFen = derived.value.netIncomeFen;
  s.perCapitaFen = derived.value.perCapitaFen;
  s.surveyedAt = `${incomeYear}-09-${String(d.int(1, 28)).padStart(2, '0')}T10:00:00+08:00`;
  return s;
}

/** 看: the latest observation, within the newest income year (for a few households only one of the year before). */
function observationOf(members, belowLine, incomeYear, d) {
  const stale = d.rnd() < STALE_OBSERVATION_SHARE;
  const year = stale ? incomeYear - 1 : incomeYear;
  const observedAt = `${isoDate(Date.UTC(year - 1, 9, 1) + d.int(0, 364) * DAY_MS)}T09:00:00+08:00`;
  return {
    housingGrade: d.weighted(HOUSING),
    drinkingWaterSafe: d.rnd() < 0.97,
    // 两不愁: lacking food or clothing is rare, and rarer above the line
    foodSecure: d.rnd() >= (belowLine ? 0.03 : 0.006),
    clothingSecure: d.rnd() >= (belowLine ? 0.02 : 0.004),
    childrenOutOfSchool: members.filter((m) => m.studentStatus === 'out_of_school').length,
    observedAt,
  };
}

/** One household of `village` with status, members, two surveys (newest first), observation and monitoring period. */
function household(village, index, ctx) {
  const { d, id, o, idNumber } = ctx;
  const status = d.weighted(STATUSES);
  const size = d.weighted(HOUSEHOLD_SIZE_WEIGHTS);
  const { mainCause, otherCauses } = povertyCausesOf(d);
  const members = membersOf(size, d);
  // one member carries an illness or disability main cause
  const carrier = d.int(0, size - 1);
  const carried = mainCause === 'illness' || mainCause === 'disability' ? mainCause : null;
  members.forEach((m, i) => {
    m.health = healthOf(m.age, i === carrier ? carried : null, d);
    m.labourAbility = labourOf(m.age, m.health, d);
    m.studentStatus = studentStatusOf(m.age, d);
    m.basicMedicalInsured = d.rnd() < 0.995;
    m.pensionInsured = m.age >= 16 && d.rnd() < 0.85;
    m.education = educationOf(m.age, d);
    // born so that the age on the newest income year's last day (30 Sep) is `age`
    m.birthDate = birthDateOf(m.age, { year: o.incomeYear, month: 9, day: 30 }, d);
  });
  const assistanceCategory = assistanceCategoryOf(members, d);
  const level = INCOME_LEVEL[status];
  const newestYuan = level.medianYuan * Math.exp(level.sigma * d.normal());
  const growth = 0.72 + d.rnd() * 0.3; // the year before: 72–102 % of the newest year's income
  const transferHeavy = assistanceCategory === 'social_security';
  const surveys = [
    survey(o.incomeYear, newestYuan, members, transferHeavy, d),
    survey(o.incomeYear - 1, newestYuan * growth, members, transferHeavy, d),
  ];
  const line = ctx.lineFen;
  const observation = observationOf(members, surveys[0].perCapitaFen < line, o.incomeYear, d);
  const exitYear = status === 'exited' ? d.int(o.incomeYear - 4, o.incomeYear - 1) : null;
  const monitored = status === 'refused' || (status === 'exited' && d.rnd() < EXITED_MONITORED_SHARE);
  const h = {
    villageCode: village.code,
    status,
    mainCause: status === 'refused' ? null : mainCause,
    otherCauses: status === 'refused' ? [] : otherCauses,
    assistanceCategory: status === 'refused' ? null : assistanceCategory,
    rosterKey: `${village.code}${String(index + 1).padStart(4, '0')}`,
    exitedAt: exitYear ? `${exitYear}-12-${String(d.int(1, 28)).padStart(2, '0')}T12:00:00+08:00` : null,
    transitionEndsOn: exitYear ? `${exitYear + 5}-12-31` : null,
    members,
    surveys,
    observation,
    monitoring: monitored ? monitoringOf(status, surveys[1], o.incomeYear, d) : null,
  };
  if (id) identify(h, ctx);
  return h;
}

/** The monitoring period a household entered on the year-before survey (防止返贫监测). */
function monitoringOf(status, before, incomeYear, d) {
  const line = nationalPovertyLine(before.incomeYear).povertyLineFen;
  return {
    categories: [status === 'exited' ? 'unstable_exited' : 'edge'],
    triggers: ['income_below_monitoring_line'],
    entryFigures: {
      incomeYear: before.incomeYear,
      perCapitaFen: before.perCapitaFen,
      netIncomeFen: before.netIncomeFen,
      rigidSpendingFen: before.illnessSpending + before.studentCosts,
      povertyLineFen: line,
      monitoringLineFen: Math.round(line * 1.5),
    },
    status: 'monitoring',
    enteredAt: `${isoDate(Date.UTC(incomeYear - 1, 9, 1) + d.int(0, 180) * DAY_MS)}T15:00:00+08:00`,
  };
}

/** The identifying columns, from the identity stream: uuids, names, ID numbers, ethnicity, phone. */
function identify(h, { id, idNumber, ethnicities }) {
  h.id = uuid(id.rnd);
  const surname = id.pick(SURNAMES);
  const ethnicity = id.weighted(ethnicities);
  h.members.forEach((m, i) => {
    m.id = uuid(id.rnd);
    const issued = idNumber(m.birthDate, m.sex);
    m.idNumber = issued.idNumber;
    m.birthDate = issued.birthDate;
    m.name = personName(m.relation, m.sex, surname, id);
    m.ethnicity = i === 0 || id.rnd() < 0.8 ? ethnicity : id.weighted(ethnicities);
  });
  h.phone = mobileNumber(id);
  h.observation.id = uuid(id.rnd);
  if (h.monitoring) {
    h.monitoring.id = uuid(id.rnd);
    h.monitoring.workflowId = `relapse-monitoring:${h.id}`;
  }
}

/**
 * The households of `plan` (from `planPopulation`) in chunks of `plan.options.chunkSize`, county by county, village
 * by village — the same households for the same options whatever the chunk size.
 */
export function* householdChunks(plan) {
  const o = plan.options;
  const d = draws(prng(o.seed));
  const id = o.identities ? draws(prng(o.seed ^ 0x1d1d1d)) : null;
  const lineFen = nationalPovertyLine(o.incomeYear).povertyLineFen;
  const ethnicities = ethnicityWeights(o.province);
  let chunk = [];
  for (const county of plan.counties) {
    const ctx = { d, id, o, lineFen, ethnicities, idNumber: id ? residentIdIssuer(county.code) : null };
    for (const village of county.villages)
      for (let k = 0; k < village.households; k++) {
        chunk.push(household(village, k, ctx));
        if (chunk.length === o.chunkSize) {
          yield chunk;
          chunk = [];
        }
      }
  }
  if (chunk.length) yield chunk;
}

export const GENERATOR_ACTOR = GENERATED_BY;
