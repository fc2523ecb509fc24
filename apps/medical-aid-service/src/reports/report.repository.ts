import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import type { CountyTotals, FlaggedPerson, MonthlyReport, PaidClaim } from '@fupin/medical-aid-rules';
import { InjectDb } from '@fupin/service-kit';
import type { MedicalAidDb } from '../db';
import type { Claim } from '../generated/prisma/client';

/** A paid claim with its policy's patient share limit (basis points): computed from the policy's JSON. */
type PaidClaimRow = Pick<
  Claim,
  | 'countyCode'
  | 'idNumber'
  | 'registeredPoor'
  | 'totalCost'
  | 'inPolicyCost'
  | 'basic'
  | 'critical'
  | 'assistance'
  | 'backstop'
  | 'patientPays'
> & { limitBp: number };

/**
 * The monthly reports and the paid claims they are built from: the only place their SQL lives. SQL for the report's
 * query (a join, the policy's JSON, the Asia/Shanghai month) and the upsert of a rebuilt report.
 */
@Injectable()
export class ReportRepository {
  constructor(@InjectDb() private readonly db: MedicalAidDb) {}

  /** The claims paid in the month (Asia/Shanghai calendar), with their policy's patient share limit. */
  async paidClaims(month: string): Promise<PaidClaim[]> {
    const rows = await this.db.$queryRawUnsafe<PaidClaimRow[]>(
      `SELECT c.county_code AS "countyCode", c.id_number AS "idNumber", c.registered_poor AS "registeredPoor",
              c.total_cost AS "totalCost", c.in_policy_cost AS "inPolicyCost", c.basic, c.critical, c.assistance,
              c.backstop, c.patient_pays AS "patientPays", (p.policy->'backstop'->>'patientShareLimit')::int AS "limitBp"
           FROM claim c JOIN medical_policy p ON p.id = c.policy_id
          WHERE c.status = 'paid' AND to_char(c.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = $1`,
      month,
    );
    // a paid claim is settled: its amounts are set (Number(null) would be 0, as before)
    return rows.map((r) => ({
      countyCode: r.countyCode,
      idNumber: r.idNumber,
      registeredPoor: r.registeredPoor,
      totalCost: Number(r.totalCost),
      inPolicyCost: Number(r.inPolicyCost),
      basic: Number(r.basic),
      critical: Number(r.critical),
      assistance: Number(r.assistance),
      backstop: Number(r.backstop),
      patientPays: Number(r.patientPays),
      patientShareLimitBp: r.limitBp,
    }));
  }

  /** Each county's report for the month (a rebuild replaces it) and one audit record, in one transaction. */
  async store(month: string, report: MonthlyReport, claims: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
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
        after: { counties: report.counties.length, claims, flagged: report.flagged.length },
        reason: 'monthly report built',
      });
    });
  }

  async find(countyCode: string, month: string) {
    const row = await this.db.monthlyReport.findUnique({
      where: { countyCode_month: { countyCode, month } },
      select: { totals: true, flagged: true, builtAt: true },
    });
    // the JSON columns hold what store() wrote: the county's totals and its flagged people
    return (
      row && {
        totals: row.totals as unknown as CountyTotals,
        flagged: row.flagged as unknown as FlaggedPerson[],
        builtAt: row.builtAt,
      }
    );
  }
}
