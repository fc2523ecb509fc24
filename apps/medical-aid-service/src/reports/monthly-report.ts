import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import { ScheduleAlreadyRunning } from '@temporalio/client';
import { z } from 'zod';
import { appendAudit } from '@fupin/audit';
import { Allow, CurrentPrincipal, assertJurisdiction, type Principal } from '@fupin/auth';
import { type PaidClaim, buildMonthlyReport } from '@fupin/medical-aid-rules';
import { DomainError, SERVICE_RUNTIME, type ServiceRuntime, ZodQuery, bilingual } from '@fupin/service-kit';
import {
  MONTHLY_REPORT_SCHEDULE_ID,
  type MonthlyReportActivities,
  TaskQueues,
  medicalMonthlyReportWorkflow,
} from '@fupin/workflows';

/** The activity: totals of the claims paid in the month (Asia/Shanghai calendar), per county, stored and audited. */
export function monthlyReportActivities(runtime: Pick<ServiceRuntime, 'db'>): MonthlyReportActivities {
  return {
    async buildMonthlyReport({ month }) {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`month must be YYYY-MM, got ${month}`);
      const rows = await runtime.db.$queryRawUnsafe<
        {
          county_code: string;
          id_number: string;
          registered_poor: boolean;
          total_cost: string;
          in_policy_cost: string;
          basic: string;
          critical: string;
          assistance: string;
          backstop: string;
          patient_pays: string;
          limit_bp: number;
        }[]
      >(
        `SELECT c.county_code, c.id_number, c.registered_poor, c.total_cost::text, c.in_policy_cost::text, c.basic::text, c.critical::text, c.assistance::text,
                c.backstop::text, c.patient_pays::text, (p.policy->'backstop'->>'patientShareLimit')::int AS limit_bp
           FROM claim c JOIN medical_policy p ON p.id = c.policy_id
          WHERE c.status = 'paid' AND to_char(c.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = $1`,
        month,
      );
      const claims: PaidClaim[] = rows.map((r) => ({
        countyCode: r.county_code,
        idNumber: r.id_number,
        registeredPoor: r.registered_poor,
        totalCost: Number(r.total_cost),
        inPolicyCost: Number(r.in_policy_cost),
        basic: Number(r.basic),
        critical: Number(r.critical),
        assistance: Number(r.assistance),
        backstop: Number(r.backstop),
        patientPays: Number(r.patient_pays),
        patientShareLimitBp: r.limit_bp,
      }));
      const report = buildMonthlyReport(claims);
      await runtime.db.$transaction(async (tx) => {
        for (const county of report.counties) {
          const flagged = report.flagged.filter((f) => f.countyCode === county.countyCode);
          await tx.$executeRawUnsafe(
            `INSERT INTO monthly_report (county_code, month, totals, flagged) VALUES ($1, $2, $3::jsonb, $4::jsonb)
             ON CONFLICT (county_code, month) DO UPDATE SET totals = EXCLUDED.totals, flagged = EXCLUDED.flagged, built_at = now()`,
            county.countyCode,
            month,
            JSON.stringify(county),
            JSON.stringify(flagged),
          );
        }
        await appendAudit(tx, {
          actorSubject: 'system:reports',
          actorRole: 'system',
          jurisdiction: 'system',
          action: 'report.monthly',
          subjectType: 'monthly_report',
          subjectId: month,
          after: { counties: report.counties.length, claims: claims.length, flagged: report.flagged.length },
          reason: 'monthly report built',
        });
      });
      return { month, counties: report.counties.length, claims: claims.length, flagged: report.flagged.length };
    },
  };
}

/** The schedule (Temporal): at 02:00 on the 1st of each month, Asia/Shanghai. Created once; later starts find it. */
export async function ensureMonthlyReportSchedule(runtime: Pick<ServiceRuntime, 'temporal' | 'logger'>): Promise<void> {
  try {
    await runtime.temporal.schedule.create({
      scheduleId: MONTHLY_REPORT_SCHEDULE_ID,
      spec: { cronExpressions: ['0 2 1 * *'], timezone: 'Asia/Shanghai' },
      action: {
        type: 'startWorkflow',
        workflowType: medicalMonthlyReportWorkflow,
        taskQueue: TaskQueues.orchestration,
        args: [{}],
      },
    });
    runtime.logger.info({ scheduleId: MONTHLY_REPORT_SCHEDULE_ID }, 'monthly report schedule created');
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
  }
}

const monthlyQuery = z.object({
  county: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, bilingual('须为 YYYY-MM 格式的月份', 'must be YYYY-MM'))
    .describe('YYYY-MM'),
});

@ApiTags('reports 报表')
@ApiBearerAuth()
@Controller('reports')
export class ReportController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get('monthly')
  @ApiOperation({
    summary:
      "A county's monthly report: each layer's totals (fen) and the people whose share of in-policy costs went over the limit",
  })
  @Allow({ role: 'department_officer', department: 'medical_aid' }, { role: 'county_approver' }, { role: 'auditor' })
  @ApiResponse({
    status: 404,
    description: 'No report has been built for that county and month yet (该月报表尚未生成)',
  })
  async monthly(@ZodQuery(monthlyQuery) q: z.output<typeof monthlyQuery>, @CurrentPrincipal() principal: Principal) {
    assertJurisdiction(principal, q.county, 'county');
    const rows = await this.runtime.db.$queryRawUnsafe<{ totals: unknown; flagged: unknown; built_at: Date }[]>(
      `SELECT totals, flagged, built_at FROM monthly_report WHERE county_code = $1 AND month = $2`,
      q.county,
      q.month,
    );
    if (!rows[0])
      throw new DomainError(
        404,
        'report.not_built',
        {
          'zh-CN': `县 ${q.county} ${q.month} 的月度报表尚未生成`,
          en: `No monthly report for ${q.county} ${q.month} yet`,
        },
        'month',
      );
    return {
      countyCode: q.county,
      month: q.month,
      totals: rows[0].totals,
      flagged: rows[0].flagged,
      builtAt: rows[0].built_at,
    };
  }
}
