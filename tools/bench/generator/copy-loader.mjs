// Loads the benchmarks' population (households.mjs) into a migrated identification database with COPY FROM STDIN
// (pg-copy-streams): divisions first, then per chunk the households (committed first: the other tables reference
// them) and their members, surveys, observations and monitoring periods, those four on their own connections at once
// while the next chunk is generated. Returns rows and seconds per table. As pg_restore does, `dropIndexes` drops the
// secondary indexes (not the primary keys) and `dropForeignKeys` the foreign keys of the loaded tables before the
// load, and both are built (and the keys validated) again after it, timed on their own.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import { householdChunks, GENERATOR_ACTOR } from './households.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { from: copyFrom } = require('pg-copy-streams');

/** A value in COPY's text format: \N for null, booleans t/f, arrays {a,b}, objects as JSON, specials escaped. */
function cell(v) {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `{${v.join(',')}}`;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c])
    : s;
}
const line = (values) => `${values.map(cell).join('\t')}\n`;

/** Each table loaded: its columns and the rows of one household. */
export const TABLES = {
  household: {
    columns:
      'id, village_code, status, created_by, main_cause, other_causes, assistance_category, phone, roster_key, exited_at, transition_ends_on',
    rows: (h) =>
      line([
        h.id,
        h.villageCode,
        h.status,
        GENERATOR_ACTOR,
        h.mainCause,
        h.otherCauses,
        h.assistanceCategory,
        h.phone,
        h.rosterKey,
        h.exitedAt,
        h.transitionEndsOn,
      ]),
  },
  person: {
    columns:
      'id, household_id, id_number, name, sex, birth_date, relation, ethnicity, education, student_status, health, labour_ability, basic_medical_insured, pension_insured',
    rows: (h) => {
      let out = '';
      for (const m of h.members)
        out += line([
          m.id,
          h.id,
          m.idNumber,
          m.name,
          m.sex,
          m.birthDate,
          m.relation,
          m.ethnicity,
          m.education,
          m.studentStatus,
          m.health,
          m.labourAbility,
          m.basicMedicalInsured,
          m.pensionInsured,
        ]);
      return out;
    },
  },
  income_survey: {
    columns:
      'household_id, income_year, household_size, farming_income, livestock_income, wage_income, property_income, transfer_income, business_net_income, production_costs, living_expenses, illness_spending, student_costs, net_income_fen, per_capita_fen, surveyed_by, surveyed_at',
    rows: (h) => {
      let out = '';
      for (const s of h.surveys)
        out += line([
          h.id,
          s.incomeYear,
          s.householdSize,
          s.farmingIncome,
          s.livestockIncome,
          s.wageIncome,
          s.propertyIncome,
          s.transferIncome,
          s.businessNetIncome,
          s.productionCosts,
          s.livingExpenses,
          s.illnessSpending,
          s.studentCosts,
          s.netIncomeFen,
          s.perCapitaFen,
          GENERATOR_ACTOR,
          s.surveyedAt,
        ]);
      return out;
    },
  },
  living_observation: {
    columns:
      'id, household_id, housing_grade, drinking_water_safe, food_secure, clothing_secure, children_out_of_school, observed_by, observed_at',
    rows: (h) => {
      const o = h.observation;
      return line([
        o.id,
        h.id,
        o.housingGrade,
        o.drinkingWaterSafe,
        o.foodSecure,
        o.clothingSecure,
        o.childrenOutOfSchool,
        GENERATOR_ACTOR,
        o.observedAt,
      ]);
    },
  },
  monitored_household: {
    columns:
      'id, household_id, village_code, categories, triggers, entry_figures, status, entered_at, entered_by, workflow_id',
    rows: (h) => {
      const m = h.monitoring;
      return m
        ? line([
            m.id,
            h.id,
            h.villageCode,
            m.categories,
            m.triggers,
            m.entryFigures,
            m.status,
            m.enteredAt,
            GENERATOR_ACTOR,
            m.workflowId,
          ])
        : '';
    },
  },
};
const DEPENDENT = ['person', 'income_survey', 'living_observation', 'monitored_household'];

/** Rows per table for one chunk of households: the COPY text and how many lines it holds. */
function chunkRows(chunk) {
  const out = {};
  for (const [table, t] of Object.entries(TABLES)) {
    let text = '';
    for (const h of chunk) text += t.rows(h);
    let n = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
    out[table] = { text, n };
  }
  return out;
}

/** COPY `text` into `table` on `client`, adding its rows and seconds to `stats`. */
async function copy(client, table, columns, { text, n }, stats) {
  if (n === 0) return;
  const t0 = performance.now();
  await pipeline(Readable.from([Buffer.from(text)]), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
  stats[table].rows += n;
  stats[table].seconds += (performance.now() - t0) / 1000;
}

/** The secondary indexes of the loaded tables (primary keys stay: the foreign keys use them). */
async function secondaryIndexes(client) {
  const { rows } = await client.query(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [['division', ...Object.keys(TABLES)]],
  );
  return rows;
}

/** The foreign keys of the loaded tables, each with its definition to add it again. */
async function foreignKeys(client) {
  const { rows } = await client.query(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1)`,
    [Object.keys(TABLES)],
  );
  return rows;
}

/**
 * Load `plan` (planPopulation) into the database at `connectionString`. `onProgress(households)` after each chunk.
 * Returns { seconds, tables: { name: { rows, seconds } }, indexSeconds, analyzeSeconds, households, people }.
 */
export async function loadPopulation(
  connectionString,
  plan,
  { dropIndexes = false, dropForeignKeys = false, onProgress } = {},
) {
  const clients = Object.fromEntries(
    ['division', ...Object.keys(TABLES)].map((t) => [t, new pg.Client({ connectionString })]),
  );
  await Promise.all(Object.values(clients).map((c) => c.connect()));
  const stats = Object.fromEntries(Object.keys(clients).map((t) => [t, { rows: 0, seconds: 0 }]));
  const result = { tables: stats, indexSeconds: 0, foreignKeySeconds: 0, analyzeSeconds: 0, households: 0, people: 0 };
  try {
    const admin = clients.division;
    const indexes = dropIndexes ? await secondaryIndexes(admin) : [];
    for (const i of indexes) await admin.query(`DROP INDEX "${i.indexname}"`);
    const keys = dropForeignKeys ? await foreignKeys(admin) : [];
    for (const k of keys) await admin.query(`ALTER TABLE ${k.table} DROP CONSTRAINT "${k.name}"`);
    const t0 = performance.now();
    await copy(
      admin,
      'division',
      'code, name, level, parent_code, rural_population',
      {
        text: plan.divisions.map((d) => line([d.code, d.name, d.level, d.parentCode, d.ruralPopulation])).join(''),
        n: plan.divisions.length,
      },
      stats,
    );
    let dependents = Promise.resolve();
    for (const chunk of householdChunks(plan)) {
      const rows = chunkRows(chunk);
      await copy(clients.household, 'household', TABLES.household.columns, rows.household, stats);
      await dependents; // the chunk before: at most two chunks in flight
      dependents = Promise.all(DEPENDENT.map((t) => copy(clients[t], t, TABLES[t].columns, rows[t], stats)));
      result.households += chunk.length;
      result.people += rows.person.n;
      onProgress?.(result.households);
    }
    await dependents;
    result.seconds = (performance.now() - t0) / 1000;
    const ti = performance.now();
    // two at a time, on two connections (CREATE INDEX is CPU-bound per index)
    const queue = [...indexes];
    await Promise.all(
      [clients.person, clients.income_survey].map(async (c) => {
        for (let i = queue.shift(); i; i = queue.shift()) await c.query(i.indexdef);
      }),
    );
    result.indexSeconds = (performance.now() - ti) / 1000;
    const tk = performance.now(); // each added again is validated: every row's household must exist
    for (const k of keys) await admin.query(`ALTER TABLE ${k.table} ADD CONSTRAINT "${k.name}" ${k.definition}`);
    result.foreignKeySeconds = (performance.now() - tk) / 1000;
    const ta = performance.now();
    await admin.query(`VACUUM (ANALYZE) division, ${Object.keys(TABLES).join(', ')}`);
    result.analyzeSeconds = (performance.now() - ta) / 1000;
    return result;
  } finally {
    await Promise.all(Object.values(clients).map((c) => c.end().catch(() => {})));
  }
}
