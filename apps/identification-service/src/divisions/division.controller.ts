import { Controller, Get, Inject, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { appendAudit } from '@fupin/audit';
import { Allow, CurrentPrincipal, Public, assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import { divisionLevel, parentDivision } from '@fupin/identification-rules';
import { DomainError, SERVICE_RUNTIME, type ServiceRuntime, ZodBody, parseBody, bilingual } from '@fupin/service-kit';

const code = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'must be a division code of 2, 4, 6, 9 or 12 digits');
const loadBody = z
  .object({
    /** The county whose townships and villages are loaded (and the county itself). */
    countyCode: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
    divisions: z
      .array(
        z
          .object({
            code,
            name: z.string().trim().min(1).max(100),
            /** 农村人口 (the incidence denominator): a whole number ≥ 0; omitted keeps the recorded one, null clears it. */
            ruralPopulation: z
              .number()
              .int(bilingual('须为整数', 'must be a whole number'))
              .min(0, bilingual('不能小于 0', 'must be at least 0'))
              .max(100_000_000)
              .nullable()
              .optional(),
          })
          .strict(),
      )
      .min(1)
      .max(20_000),
  })
  .strict();

/** 行政区划: province → city → county → township → village, each with its code (GB/T 2260 and its village extension). */
@ApiTags('divisions 行政区划')
@Controller('divisions')
export class DivisionController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Put()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "Load or update a county's division register (the county, its townships and villages); each code must sit under its parent",
  })
  @Allow({ role: 'county_approver' }, { role: 'ops' })
  async load(@ZodBody(loadBody) input: z.output<typeof loadBody>, @CurrentPrincipal() principal: Principal) {
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const codes = new Set(input.divisions.map((d) => d.code));
    input.divisions.forEach((d, i) => {
      const level = divisionLevel(d.code);
      const inside =
        d.code.startsWith(input.countyCode) && (level === 'county' || level === 'township' || level === 'village');
      const parent = parentDivision(d.code);
      if (!inside)
        throw new DomainError(
          400,
          'division.outside_county',
          {
            'zh-CN': `区划 ${d.code} 不属于县 ${input.countyCode}`,
            en: `division ${d.code} is not inside county ${input.countyCode}`,
          },
          `divisions.${i}.code`,
        );
      if (level !== 'county' && parent && !codes.has(parent) && parent !== input.countyCode) {
        throw new DomainError(
          400,
          'division.parent_missing',
          {
            'zh-CN': `区划 ${d.code} 的上级 ${parent} 不在本次加载中`,
            en: `the parent ${parent} of ${d.code} is not in this load`,
          },
          `divisions.${i}.code`,
        );
      }
    });
    return this.runtime.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(
        `INSERT INTO division (code, name, level, parent_code)
         SELECT d.code, d.name, d.level, d.parent_code FROM json_to_recordset($1::json) AS d(code text, name text, level text, parent_code text)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code`,
        JSON.stringify(
          input.divisions.map((d) => ({
            code: d.code,
            name: d.name,
            level: divisionLevel(d.code),
            parent_code: parentDivision(d.code),
          })),
        ),
      );
      // 农村人口: only where given (null clears it); omitted keeps what was recorded
      const population = input.divisions
        .filter((d) => d.ruralPopulation !== undefined)
        .map((d) => ({ code: d.code, rural_population: d.ruralPopulation }));
      if (population.length) {
        await tx.$executeRawUnsafe(
          `UPDATE division SET rural_population = p.rural_population FROM json_to_recordset($1::json) AS p(code text, rural_population int) WHERE division.code = p.code`,
          JSON.stringify(population),
        );
      }
      await appendAudit(tx, {
        actorSubject: principal.subject,
        actorRole: principal.role,
        jurisdiction: jurisdictionLabel(principal.jurisdiction),
        action: 'division.load',
        subjectType: 'division',
        subjectId: input.countyCode,
        after: {
          count: input.divisions.length,
          ruralPopulation: Object.fromEntries(population.map((p) => [p.code, p.rural_population])),
        },
        reason: 'division register loaded',
      });
      return { countyCode: input.countyCode, loaded: input.divisions.length };
    });
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'The divisions directly under a code (public: codes and names only)' })
  @ApiQuery({
    name: 'parent',
    required: true,
    description: 'division code of 2, 4, 6, 9 or 12 digits',
    schema: { type: 'string', pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' },
  })
  async children(@Query('parent') parent: string | undefined) {
    const p = parseBody(code, parent ?? '', 'parent');
    const rows = await this.runtime.db.$queryRawUnsafe<{ code: string; name: string; level: string }[]>(
      `SELECT code, name, level FROM division WHERE parent_code = $1 ORDER BY code`,
      p,
    );
    return { parent: p, divisions: rows };
  }
}
