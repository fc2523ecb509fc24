import { randomUUID } from 'node:crypto';
import { Controller, Get, Headers, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { appendAudit } from '@fupin/audit';
import { Allow, CurrentPrincipal, assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import { validatePolicy } from '@fupin/medical-aid-rules';
import { onceForKey } from '@fupin/persistence';
import {
  SERVICE_RUNTIME,
  type ServiceRuntime,
  ZodBody,
  ZodQuery,
  requireIdempotencyKey,
  violationsError,
  bilingual,
} from '@fupin/service-kit';
import { judgedByRules, medicalPolicyShape } from './policy.schema';

const createBody = z
  .object({
    countyCode: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
    year: z.number().int().min(2014).max(2100),
    // present (null included); its shape is documented, its figures judged by validatePolicy (rule.* codes)
    policy: judgedByRules(medicalPolicyShape).nonoptional(),
  })
  .strict();

const listQuery = z.object({
  county: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
  year: z.coerce.number().int().min(2014).max(2100),
});

const healthOfficers = [
  { role: 'department_officer', department: 'medical_aid' },
  { role: 'department_officer', department: 'health' },
] as const;

interface PolicyRow {
  id: string;
  county_code: string;
  year: number;
  version: number;
  policy: unknown;
  created_by: string;
  created_at: Date;
  used_at: Date | null;
}

const view = (r: PolicyRow) => ({
  id: r.id,
  countyCode: r.county_code,
  year: r.year,
  version: r.version,
  policy: r.policy,
  createdBy: r.created_by,
  createdAt: r.created_at,
  usedAt: r.used_at,
});

/**
 * A county's medical policy for a year, as data (SPEC §3.5). A change is a new version; a version a claim
 * was settled under is never edited (claims keep pointing at the version they used).
 */
@ApiTags('policies 医保与医疗救助政策')
@ApiBearerAuth()
@Controller('policies')
export class PolicyController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Post()
  @ApiOperation({
    summary: 'Publish a new version of a county’s policy for a year (deductibles, rates in basis points, caps in fen)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow(...healthOfficers)
  async create(
    @ZodBody(createBody) input: z.output<typeof createBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const problems = validatePolicy(input.policy).map((v) => ({
      ...v,
      field: `policy.${v.field.replace(/^policy\.?/, '')}`.replace(/\.$/, ''),
    }));
    if (problems.length) throw violationsError(problems);
    const actor = jurisdictionLabel(principal.jurisdiction);
    const result = await this.runtime.db.$transaction(async (tx) =>
      onceForKey(tx, 'policy.create', idempotencyKey, input, async () => {
        await tx.$executeRawUnsafe(
          `SELECT pg_advisory_xact_lock(hashtext($1))`,
          `policy:${input.countyCode}:${input.year}`,
        );
        const id = randomUUID();
        const rows = await tx.$queryRawUnsafe<PolicyRow[]>(
          `INSERT INTO medical_policy (id, county_code, year, version, policy, created_by)
           VALUES ($1::uuid, $2::varchar, $3::int, COALESCE((SELECT max(version) FROM medical_policy WHERE county_code = $2::varchar AND year = $3::int), 0) + 1, $4::jsonb, $5)
           RETURNING id::text, county_code, year, version, policy, created_by, created_at, used_at`,
          id,
          input.countyCode,
          input.year,
          JSON.stringify(input.policy),
          principal.subject,
        );
        await appendAudit(tx, {
          actorSubject: principal.subject,
          actorRole: principal.role,
          jurisdiction: actor,
          action: 'policy.publish',
          subjectType: 'medical_policy',
          subjectId: id,
          after: input.policy,
          reason: `${input.countyCode} ${input.year} v${rows[0].version}`,
        });
        return { status: 201, body: view(rows[0]) };
      }),
    );
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({
    summary: 'The versions of a county’s policy for a year, newest first (the first is the one new claims use)',
  })
  @Allow(...healthOfficers, { role: 'county_approver' }, { role: 'auditor' })
  async list(@ZodQuery(listQuery) q: z.output<typeof listQuery>, @CurrentPrincipal() principal: Principal) {
    assertJurisdiction(principal, q.county, 'county');
    const rows = await this.runtime.db.$queryRawUnsafe<PolicyRow[]>(
      `SELECT id::text, county_code, year, version, policy, created_by, created_at, used_at FROM medical_policy WHERE county_code = $1 AND year = $2 ORDER BY version DESC`,
      q.county,
      q.year,
    );
    return { countyCode: q.county, year: q.year, versions: rows.map(view) };
  }
}
