import { Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow, CurrentPrincipal, assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import type { SqlExecutor } from '@fupin/persistence';
import {
  DomainError,
  SERVICE_RUNTIME,
  type ServiceRuntime,
  ZodBody,
  requireIdempotencyKey,
  bilingual,
} from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { AREA_READERS } from '../incidence/incidence.controller';
import { incidenceFor } from '../incidence/incidence.repository';
import {
  assessmentFrame,
  concludeAssessment,
  createAssessment,
  evaluateAssessment,
  loadAssessment,
  recordFindings,
  sampleRows,
  type AssessmentRow,
} from './assessment.repository';

const createBody = z
  .object({
    countyCode: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
    year: z.number().int().min(2014).max(2100),
    insideSize: z.number().int().min(0).max(100_000).optional(),
    outsideSize: z.number().int().min(0).max(100_000).optional(),
    /** Published seed (e.g. chosen in public by the assessors); a random one is recorded when omitted. */
    seed: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

const findingsBody = z
  .object({
    findings: z
      .array(
        z
          .object({
            householdId: z.uuid(bilingual('须为户编号（UUID）', 'must be a household id (uuid)')),
            /** Inside, exited households only: should it not have exited (错退)? */
            wronglyExited: z.boolean().optional(),
            /** Outside households only: should it have been registered (漏评)? */
            missedIdentification: z.boolean().optional(),
            /** Is the household satisfied with the work (认可)? */
            satisfied: z.boolean(),
            note: z.string().trim().max(2000).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();

/** The body is optional: an absent one is `{}`. */
const conclusionBody = z
  .object({ note: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .default({});

/**
 * 第三方评估 of a county before it exits (贫困县摘帽): the county approver draws the sample, the assessors record their
 * findings, the county approver records the conclusion. The assessors act with the role `auditor` of the county —
 * the platform's independent role (纪检/审计), not one of the officials whose work is being assessed.
 */
@ApiTags('exit of villages and counties 贫困村退出、贫困县摘帽')
@ApiBearerAuth()
@Controller('county-assessments')
export class AssessmentController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<IdentificationConfig>) {}

  private async assessment(id: string, principal: Principal): Promise<AssessmentRow> {
    const row = await loadAssessment(this.runtime.db, id);
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

  private async evaluate(db: SqlExecutor, row: AssessmentRow) {
    const cfg = this.runtime.config.exitArea;
    const rows = await sampleRows(db, row.id);
    const incidence = await incidenceFor(db, row.county_code, cfg.incidence);
    return { rows, evaluation: evaluateAssessment(rows, incidence, cfg.assessment.thresholds) };
  }

  private actor(p: Principal) {
    return { subject: p.subject, role: p.role, jurisdiction: jurisdictionLabel(p.jurisdiction) };
  }

  @Post()
  @ApiOperation({
    summary:
      "Draw a county's third-party assessment sample (about half inside the register, half outside; reproducible from the frame, seed and algorithm)",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow({ role: 'county_approver' })
  async create(
    @ZodBody(createBody) input: z.output<typeof createBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const result = await createAssessment(
      this.runtime.db,
      input,
      this.runtime.config.exitArea.assessment.sampleSize,
      this.actor(principal),
      idempotencyKey,
    );
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'The assessment: sample with findings, progress, the three rates against their thresholds, county incidence, and whether the county may exit (failing rates named)',
  })
  @Allow(...AREA_READERS)
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const row = await this.assessment(id, principal);
    const { rows, evaluation } = await this.evaluate(this.runtime.db, row);
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
      sample: rows.map((r) => ({
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
      })),
      ...evaluation,
      conclusion: row.conclusion
        ? {
            conclusion: row.conclusion,
            ...(row.conclusion_reasons as object),
            concludedBy: row.concluded_by,
            concludedAt: row.concluded_at ? new Date(row.concluded_at).toISOString() : null,
          }
        : null,
    };
  }

  @Get(':id/frame')
  @ApiOperation({
    summary:
      'What re-draws the sample: the sorted household ids inside and outside the register at drawing time, seed, sizes and algorithm',
  })
  @Allow(...AREA_READERS)
  async frame(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const row = await this.assessment(id, principal);
    return {
      id: row.id,
      seed: row.seed,
      algorithm: row.algorithm,
      insideSize: row.inside_size,
      outsideSize: row.outside_size,
      frameSha256: row.frame_sha256,
      frame: await assessmentFrame(this.runtime.db, row.id),
    };
  }

  @Post(':id/findings')
  @ApiOperation({
    summary:
      "Record the assessors' findings for sampled households (role auditor of the county): wrong exit for exited households, missed identification outside, satisfaction for all; re-recording replaces, audited",
  })
  @Allow({ role: 'auditor' })
  async findings(
    @Param('id') id: string,
    @ZodBody(findingsBody) input: z.output<typeof findingsBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const row = await this.assessment(id, principal);
    return recordFindings(this.runtime.db, row, input.findings, this.actor(principal));
  }

  @Post(':id/conclusion')
  @ApiOperation({
    summary:
      "Record the county's conclusion (exit allowed or blocked, with the reasons); refused while findings are missing",
  })
  @Allow({ role: 'county_approver' })
  async conclude(
    @Param('id') id: string,
    @ZodBody(conclusionBody) input: z.output<typeof conclusionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const row = await this.assessment(id, principal);
    const done = await concludeAssessment(
      this.runtime.db,
      row.id,
      async (tx) => (await this.evaluate(tx, row)).evaluation,
      input.note,
      this.actor(principal),
    );
    return { id: row.id, countyCode: row.county_code, year: row.year, ...done };
  }
}
