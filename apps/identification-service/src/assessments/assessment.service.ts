import { Injectable } from '@nestjs/common';
import { assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import type { SqlExecutor } from '@fupin/persistence';
import { DomainError, InjectConfig } from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { IncidenceService } from '../incidence/incidence.service';
import { evaluateAssessment } from './assessment-evaluation';
import {
  type AssessmentInput,
  type AssessmentRow,
  AssessmentRepository,
  type FindingBody,
  type SampleRow,
} from './assessment.repository';

const actorOf = (p: Principal) => ({
  subject: p.subject,
  role: p.role,
  jurisdiction: jurisdictionLabel(p.jurisdiction),
});

/**
 * 第三方评估 of a county before it exits (贫困县摘帽): the county approver draws the sample, the assessors record their
 * findings, the county approver records the conclusion. Every step inside the caller's jurisdiction.
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly assessments: AssessmentRepository,
    private readonly incidence: IncidenceService,
    @InjectConfig() private readonly config: IdentificationConfig,
  ) {}

  create(principal: Principal, input: AssessmentInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const sampleSize = this.config.exitArea.assessment.sampleSize;
    return this.assessments.create(input, sampleSize, actorOf(principal), idempotencyKey);
  }

  async get(principal: Principal, id: string) {
    const row = await this.assessment(id, principal);
    const { rows, evaluation } = await this.evaluate(row);
    return {
      id: row.id,
      countyCode: row.county_code,
      year: row.year,
      seed: row.seed,
      algorithm: row.algorithm,
      requested: { insideSize: row.inside_size, outsideSize: row.outside_size },
      frameSha256: row.frame_sha256,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at).toISOString(),
      sample: rows.map(sampledView),
      ...evaluation,
      conclusion: conclusionView(row),
    };
  }

  async frame(principal: Principal, id: string) {
    const row = await this.assessment(id, principal);
    return {
      id: row.id,
      seed: row.seed,
      algorithm: row.algorithm,
      insideSize: row.inside_size,
      outsideSize: row.outside_size,
      frameSha256: row.frame_sha256,
      frame: await this.assessments.frame(row.id),
    };
  }

  async recordFindings(principal: Principal, id: string, findings: FindingBody[]) {
    const row = await this.assessment(id, principal);
    return this.assessments.recordFindings(row, findings, actorOf(principal));
  }

  async conclude(principal: Principal, id: string, note: string | undefined) {
    const row = await this.assessment(id, principal);
    const evaluate = async (tx: SqlExecutor) => (await this.evaluate(row, tx)).evaluation;
    const done = await this.assessments.conclude(row.id, evaluate, note, actorOf(principal));
    return { id: row.id, countyCode: row.county_code, year: row.year, ...done };
  }

  private async assessment(id: string, principal: Principal): Promise<AssessmentRow> {
    const row = await this.assessments.load(id);
    if (!row)
      throw new DomainError(
        404,
        'assessment.not_found',
        { 'zh-CN': `未找到第三方评估 ${id}`, en: `assessment ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, row.county_code);
    return row;
  }

  /** The findings so far and the county's incidence, evaluated; inside `executor`'s transaction when given. */
  private async evaluate(row: AssessmentRow, executor?: SqlExecutor) {
    const rows = await this.assessments.sampleRows(row.id, executor);
    const incidence = await this.incidence.reportFor(row.county_code, executor);
    return { rows, evaluation: evaluateAssessment(rows, incidence, this.config.exitArea.assessment.thresholds) };
  }
}

function sampledView(r: SampleRow) {
  return {
    householdId: r.household_id,
    group: r.grp,
    position: r.position,
    registerStatus: r.register_status,
    villageCode: r.village_code,
    finding:
      r.satisfied === null
        ? null
        : {
            satisfied: r.satisfied,
            ...(r.wrongly_exited !== null ? { wronglyExited: r.wrongly_exited } : {}),
            ...(r.missed_identification !== null ? { missedIdentification: r.missed_identification } : {}),
            note: r.note,
            recordedBy: r.recorded_by,
            recordedAt: r.recorded_at ? new Date(r.recorded_at).toISOString() : null,
          },
  };
}

/** Conclusions stored while the three bounds were inclusive name them `max` (≤) and `min` (≥): read as below/above. */
const BOUND_OF_STORED: Readonly<Record<string, string>> = { max: 'below', min: 'above' };

/** The stored conclusion (reasons, note, the checks as they stood, incidence), old bound names read as today's. */
function storedConclusion(stored: unknown): object {
  const c = stored as { rates?: { bound?: string }[] };
  if (!Array.isArray(c.rates)) return c;
  return {
    ...c,
    rates: c.rates.map((r) => ({ ...r, bound: BOUND_OF_STORED[r.bound ?? ''] ?? r.bound })),
  };
}

function conclusionView(row: AssessmentRow) {
  if (!row.conclusion) return null;
  return {
    conclusion: row.conclusion,
    ...storedConclusion(row.conclusion_reasons),
    concludedBy: row.concluded_by,
    concludedAt: row.concluded_at ? new Date(row.concluded_at).toISOString() : null,
  };
}
