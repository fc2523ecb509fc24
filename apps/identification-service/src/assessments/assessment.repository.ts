import { createHash, randomUUID } from 'node:crypto';
import { appendAudit, appendAuditMany } from '@fupin/audit';
import { Injectable } from '@nestjs/common';
import {
  type AssessmentFinding,
  type FindingInput,
  checkFinding,
  drawAssessmentSample,
  splitSampleSize,
} from '@fupin/exit-rules';
import { type SqlExecutor, onceForKey } from '@fupin/persistence';
import { DomainError, InjectDb } from '@fupin/service-kit';
import { type Columns, type IdentificationDb, type IdentificationTx, asColumns, identificationTx } from '../db';
import type { AssessmentSampleHousehold, CountyAssessment, Household, Prisma } from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';
import type { AssessmentEvaluation } from './assessment-evaluation';

/** 建档立卡户 for the assessment: registered or exited. Everyone else in the register (applicants, refused, withdrawn, in procedure) is outside. */
export const INSIDE_STATUSES = ['registered', 'exited'];

const assessmentColumns = {
  id: true,
  countyCode: true,
  year: true,
  seed: true,
  algorithm: true,
  insideSize: true,
  outsideSize: true,
  frameSha256: true,
  conclusion: true,
  conclusionReasons: true,
  concludedBy: true,
  concludedAt: true,
  createdBy: true,
  createdAt: true,
} as const;

/** An assessment as the assessment service reads it (by column name), without its frame. */
export type AssessmentRow = Columns<Pick<CountyAssessment, keyof typeof assessmentColumns>>;

const sampleColumns = {
  householdId: true,
  grp: true,
  position: true,
  registerStatus: true,
  villageCode: true,
  wronglyExited: true,
  missedIdentification: true,
  satisfied: true,
  note: true,
  recordedBy: true,
  recordedAt: true,
} as const;

/** A sampled household with its finding (by column name); its group is inside or outside the register. */
export type SampleRow = Omit<Columns<Pick<AssessmentSampleHousehold, keyof typeof sampleColumns>>, 'grp'> & {
  grp: 'inside' | 'outside';
};

export interface AssessmentInput {
  countyCode: string;
  year: number;
  insideSize?: number;
  outsideSize?: number;
  seed?: string;
}

/**
 * 第三方评估 of a county: its sample, frame, findings and conclusion — the only place their SQL lives. Model calls for
 * the plain reads and the conclusion; SQL for the county's sampling frame (every household of the county), the
 * assessment's insert (created_at: the database clock), the sample's and the findings' multi-row writes and the row
 * lock (FOR UPDATE) findings and the conclusion take.
 */
@Injectable()
export class AssessmentRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  create(input: AssessmentInput, defaultSampleSize: number, actor: Actor, key: string) {
    return createAssessment(this.db, input, defaultSampleSize, actor, key);
  }

  load(id: string): Promise<AssessmentRow | null> {
    return loadAssessment(this.db, id);
  }

  frame(id: string): Promise<{ inside: string[]; outside: string[] }> {
    return assessmentFrame(this.db, id);
  }

  /** The sample with its findings; `executor` is a transaction when the caller reads inside one. */
  sampleRows(id: string, executor: SqlExecutor = this.db): Promise<SampleRow[]> {
    return sampleRows(executor, id);
  }

  recordFindings(assessment: AssessmentRow, findings: FindingBody[], actor: Actor) {
    return recordFindings(this.db, assessment, findings, actor);
  }

  conclude(
    assessmentId: string,
    evaluate: (tx: SqlExecutor) => Promise<AssessmentEvaluation>,
    note: string | undefined,
    actor: Actor,
  ) {
    return concludeAssessment(this.db, assessmentId, evaluate, note, actor);
  }
}

export function frameDigest(frame: { inside: string[]; outside: string[] }): string {
  return createHash('sha256').update(JSON.stringify(frame)).digest('hex');
}

/**
 * 第三方评估抽样: the county's households split inside / outside the register, sorted (the frame), and the sample
 * drawn from it with the published seed. Frame, seed, sizes and algorithm are stored, so anyone can re-draw it.
 */
async function createAssessment(
  db: IdentificationDb,
  input: AssessmentInput,
  defaultSampleSize: number,
  actor: Actor,
  key: string,
) {
  return db.$transaction(async (tx) =>
    onceForKey(tx, 'county_assessment.create', key, input, async () => {
      const existing = await tx.countyAssessment.findUnique({
        where: { countyCode_year: { countyCode: input.countyCode, year: input.year } },
        select: { id: true },
      });
      if (existing) {
        throw new DomainError(
          409,
          'assessment.exists',
          {
            'zh-CN': `县 ${input.countyCode} ${input.year} 年度的第三方评估已存在（${existing.id}）`,
            en: `county ${input.countyCode} already has its ${input.year} assessment (${existing.id})`,
          },
          'countyCode',
          { assessmentId: existing.id },
        );
      }
      const households = await countyHouseholds(tx, input.countyCode);
      const byId = new Map(households.map((h) => [h.id, h]));
      const sort = (ids: string[]) => ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const frame = {
        inside: sort(households.filter((h) => INSIDE_STATUSES.includes(h.status)).map((h) => h.id)),
        outside: sort(households.filter((h) => !INSIDE_STATUSES.includes(h.status)).map((h) => h.id)),
      };
      if (frame.inside.length === 0 && frame.outside.length === 0) {
        throw new DomainError(
          409,
          'assessment.no_households',
          {
            'zh-CN': `县 ${input.countyCode} 没有农户可供抽样`,
            en: `county ${input.countyCode} has no households to sample`,
          },
          'countyCode',
        );
      }
      const split = splitSampleSize(defaultSampleSize);
      const seed = input.seed ?? randomUUID();
      const sample = drawAssessmentSample({
        inside: frame.inside,
        outside: frame.outside,
        insideSize: input.insideSize ?? split.insideSize,
        outsideSize: input.outsideSize ?? split.outsideSize,
        seed,
      });
      const id = randomUUID();
      const digest = frameDigest(frame);
      await tx.$executeRawUnsafe(
        `INSERT INTO county_assessment (id, county_code, year, seed, algorithm, inside_size, outside_size, frame, frame_sha256, created_by)
         VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
        id,
        input.countyCode,
        input.year,
        seed,
        sample.algorithm,
        sample.requested.insideSize,
        sample.requested.outsideSize,
        JSON.stringify(frame),
        digest,
        actor.subject,
      );
      const rows = [
        ...sample.inside.map((h, i) => ({ household_id: h, grp: 'inside', position: i + 1 })),
        ...sample.outside.map((h, i) => ({ household_id: h, grp: 'outside', position: i + 1 })),
      ].map((r) => ({
        ...r,
        register_status: byId.get(r.household_id)!.status,
        village_code: byId.get(r.household_id)!.villageCode,
      }));
      if (rows.length) {
        await tx.$executeRawUnsafe(
          `INSERT INTO assessment_sample_household (assessment_id, household_id, grp, position, register_status, village_code)
           SELECT $1::uuid, x.household_id, x.grp, x.position, x.register_status, x.village_code
             FROM json_to_recordset($2::json) AS x(household_id uuid, grp text, position int, register_status text, village_code text)`,
          id,
          JSON.stringify(rows),
        );
      }
      const summary = {
        id,
        countyCode: input.countyCode,
        year: input.year,
        seed,
        algorithm: sample.algorithm,
        requested: sample.requested,
        clamped: sample.clamped,
        frame: { inside: frame.inside.length, outside: frame.outside.length, sha256: digest },
        sampled: { inside: sample.inside.length, outside: sample.outside.length },
      };
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: 'assessment.sample_drawn',
        subjectType: 'county_assessment',
        subjectId: id,
        after: { ...summary, inside: sample.inside, outside: sample.outside },
        reason: '第三方评估抽样 / assessment sample drawn',
      });
      return { status: 201, body: summary };
    }),
  );
}

/** The sampling frame: every household of the county with its register status (one read, the whole county). */
function countyHouseholds(tx: IdentificationTx, countyCode: string) {
  return tx.$queryRawUnsafe<Pick<Household, 'id' | 'status' | 'villageCode'>[]>(
    `SELECT id::text, status, village_code AS "villageCode" FROM household WHERE village_code LIKE $1 || '%'`,
    countyCode,
  );
}

async function loadAssessment(db: IdentificationDb, id: string): Promise<AssessmentRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await db.countyAssessment.findUnique({ where: { id }, select: assessmentColumns });
  return row && asColumns(row);
}

async function assessmentFrame(db: IdentificationDb, id: string): Promise<{ inside: string[]; outside: string[] }> {
  const { frame } = await db.countyAssessment.findUniqueOrThrow({ where: { id }, select: { frame: true } });
  return frame as { inside: string[]; outside: string[] }; // as createAssessment wrote it
}

/** The sample in draw order per group, with the findings; `db` is the client or a transaction. */
async function sampleRows(db: SqlExecutor, id: string): Promise<SampleRow[]> {
  const rows = await identificationTx(db).assessmentSampleHousehold.findMany({
    where: { assessmentId: id },
    orderBy: [{ grp: 'asc' }, { position: 'asc' }],
    select: sampleColumns,
  });
  // grp is written by createAssessment only, as inside or outside
  return rows.map((r) => ({ ...asColumns(r), grp: r.grp as SampleRow['grp'] }));
}

const sampled = (r: SampleRow) => ({ householdId: r.household_id, group: r.grp, registerStatus: r.register_status });

export interface FindingBody extends FindingInput {
  note?: string;
}

/**
 * 评估结论 per sampled household, all or none: each must be in the sample and fit how it was sampled
 * (checkFinding). Re-recording replaces the earlier finding; the audit record keeps both.
 */
async function recordFindings(db: IdentificationDb, assessment: AssessmentRow, findings: FindingBody[], actor: Actor) {
  return db.$transaction(async (tx) => {
    const locked = await lockAssessment(tx, assessment.id);
    if (locked.conclusion)
      throw new DomainError(409, 'assessment.concluded', {
        'zh-CN': '评估已作出结论，不能再记录',
        en: 'the assessment is concluded: no more findings',
      });
    const rows = new Map((await sampleRows(tx, assessment.id)).map((r) => [r.household_id, r]));
    const seen = new Set<string>();
    const checked: { row: SampleRow; finding: AssessmentFinding; note: string | null }[] = [];
    findings.forEach((f, i) => {
      const at = `findings.${i}`;
      const row = rows.get(f.householdId.toLowerCase());
      if (!row)
        throw new DomainError(
          400,
          'assessment.not_in_sample',
          {
            'zh-CN': `户 ${f.householdId} 不在本次评估样本中`,
            en: `household ${f.householdId} is not in this assessment's sample`,
          },
          `${at}.householdId`,
        );
      if (seen.has(row.household_id))
        throw new DomainError(
          400,
          'assessment.duplicate_finding',
          { 'zh-CN': `户 ${f.householdId} 在本次提交中出现两次`, en: `household ${f.householdId} is listed twice` },
          `${at}.householdId`,
        );
      seen.add(row.household_id);
      const result = checkFinding({ ...f, householdId: row.household_id }, sampled(row), at);
      if (!result.ok) {
        const v = result.violations[0];
        throw new DomainError(400, `assessment.finding_${v.rule}`, v.message, v.field, result.violations);
      }
      checked.push({ row, finding: result.value, note: f.note ?? null });
    });
    const now = new Date();
    await tx.$executeRawUnsafe(
      `UPDATE assessment_sample_household s SET wrongly_exited = x.wrongly_exited, missed_identification = x.missed_identification, satisfied = x.satisfied, note = x.note,
              recorded_by = $2, recorded_at = $3::timestamptz
         FROM json_to_recordset($4::json) AS x(household_id uuid, wrongly_exited boolean, missed_identification boolean, satisfied boolean, note text)
        WHERE s.assessment_id = $1::uuid AND s.household_id = x.household_id`,
      assessment.id,
      actor.subject,
      now.toISOString(),
      JSON.stringify(
        checked.map(({ row, finding, note }) => ({
          household_id: row.household_id,
          wrongly_exited: finding.wronglyExited ?? null,
          missed_identification: finding.missedIdentification ?? null,
          satisfied: finding.satisfied,
          note,
        })),
      ),
    );
    await appendAuditMany(
      tx,
      checked.map(({ row, finding, note }) => ({
        at: now,
        entry: {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: row.recorded_at ? 'assessment.finding_replaced' : 'assessment.finding_recorded',
          subjectType: 'county_assessment',
          subjectId: assessment.id,
          before: row.recorded_at
            ? {
                householdId: row.household_id,
                wronglyExited: row.wrongly_exited,
                missedIdentification: row.missed_identification,
                satisfied: row.satisfied,
                note: row.note,
                recordedBy: row.recorded_by,
              }
            : undefined,
          after: { ...finding, note },
          reason: row.recorded_at ? '重新记录评估结论 / finding recorded again' : '记录评估结论 / finding recorded',
        },
      })),
    );
    return { recorded: checked.length, replaced: checked.filter((c) => c.row.recorded_at).length };
  });
}

/** 评估结论: exit allowed or blocked, with the reasons, once; refused while findings are missing. */
async function concludeAssessment(
  db: IdentificationDb,
  assessmentId: string,
  evaluate: (tx: SqlExecutor) => Promise<AssessmentEvaluation>,
  note: string | undefined,
  actor: Actor,
) {
  return db.$transaction(async (tx) => {
    const locked = await lockAssessment(tx, assessmentId);
    if (locked.conclusion)
      throw new DomainError(409, 'assessment.concluded', {
        'zh-CN': `评估已作出结论（${locked.conclusion}）`,
        en: `the assessment is already concluded (${locked.conclusion})`,
      });
    const evaluation = await evaluate(tx);
    if (!evaluation.progress.complete) {
      const missing = evaluation.progress.size - evaluation.progress.recorded;
      throw new DomainError(
        409,
        'assessment.findings_missing',
        {
          'zh-CN': `尚有 ${missing} 户样本未记录评估结论，不能作出结论`,
          en: `${missing} sampled households have no finding yet: no conclusion`,
        },
        undefined,
        { missing },
      );
    }
    const conclusion = evaluation.mayExit ? 'exit_allowed' : 'exit_blocked';
    const reasons = evaluation.mayExit
      ? [
          ...evaluation.checks.map((c) => ({ rate: c.rate, message: c.message })),
          { rate: 'incidence', message: evaluation.incidence.message },
        ]
      : evaluation.reasons;
    const at = new Date();
    await tx.countyAssessment.update({
      where: { id: assessmentId },
      data: {
        conclusion,
        conclusionReasons: jsonOf({
          reasons,
          note: note ?? null,
          rates: evaluation.checks,
          incidence: evaluation.incidence,
        }),
        concludedBy: actor.subject,
        concludedAt: at,
      },
      select: { id: true },
    });
    await appendAudit(
      tx,
      {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: `assessment.${conclusion}`,
        subjectType: 'county_assessment',
        subjectId: assessmentId,
        after: { conclusion, reasons, checks: evaluation.checks, incidence: evaluation.incidence },
        reason: note ?? reasons.map((r) => r.message['zh-CN']).join('；'),
      },
      at,
    );
    return {
      conclusion,
      reasons,
      note: note ?? null,
      concludedBy: actor.subject,
      concludedAt: at.toISOString(),
      evaluation,
    };
  });
}

/** The assessment locked until the end of `tx` (findings and the conclusion wait for each other). */
async function lockAssessment(tx: IdentificationTx, id: string): Promise<Pick<CountyAssessment, 'conclusion'>> {
  const [row] = await tx.$queryRawUnsafe<Pick<CountyAssessment, 'conclusion'>[]>(
    `SELECT conclusion FROM county_assessment WHERE id = $1::uuid FOR UPDATE`,
    id,
  );
  return row;
}

/** A value as the JSON column stores it (what JSON.stringify keeps: undefined members dropped). */
const jsonOf = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
