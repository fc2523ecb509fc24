import { Injectable } from '@nestjs/common';
import { InjectDb } from '@fupin/service-kit';
import type { IndustryDb } from '../db';
import { INDUSTRY_REPORT_COLUMNS, type IndustryReportRow } from './report.schema';

/** One fact per line of a source: its household, village (null for a township project) and township. */
const FACTS = `
  SELECT l.household_id, l.village_code, substr(l.village_code, 1, 9) AS township_code,
         (l.step = 'servicing')::int AS loan_active,
         CASE WHEN l.step = 'servicing' THEN l.principal_fen ELSE 0 END AS loan_principal,
         CASE WHEN l.step = 'servicing' THEN (SELECT coalesce(sum(r.amount_fen), 0) FROM loan_repayment r WHERE r.loan_id = l.id) ELSE 0 END AS loan_repaid,
         (l.step = 'servicing' AND l.in_arrears)::int AS loan_arrears,
         (SELECT coalesce(sum(s.subsidy_fen - s.clawback_fen), 0) FROM loan_subsidy s WHERE s.loan_id = l.id) AS subsidy,
         0 AS div_due, 0 AS div_paid, 0 AS div_paid_fen, 0 AS div_missed, 0 AS div_missed_fen,
         0 AS fiscal, 0 AS fiscal_fen, 0 AS fiscal_delivered, 0 AS jobs, 0 AS wages,
         0 AS projects, NULL::text AS funds_step, 0 AS funds_paid
    FROM microcredit_loan l WHERE l.step NOT IN ('refused', 'withdrawn') AND l.village_code LIKE $1 || '%'
  UNION ALL
  SELECT c.household_id, c.village_code, substr(c.village_code, 1, 9), 0, 0, 0, 0, 0,
         count(*) FILTER (WHERE i.status = 'due'), count(*) FILTER (WHERE i.status = 'paid'),
         coalesce(sum(i.amount_fen) FILTER (WHERE i.status = 'paid'), 0), count(*) FILTER (WHERE i.status = 'missed'),
         coalesce(sum(i.amount_fen) FILTER (WHERE i.status = 'missed'), 0), 0, 0, 0, 0, 0, 0, NULL, 0
    FROM dividend_contract c LEFT JOIN dividend_item i ON i.contract_id = c.id
   WHERE c.village_code LIKE $1 || '%' GROUP BY c.id
  UNION ALL
  SELECT f.household_id, f.village_code, substr(f.village_code, 1, 9), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         1, f.total_fen, (f.delivered_on IS NOT NULL)::int, 0, 0, 0, NULL, 0
    FROM fiscal_support f WHERE f.village_code LIKE $1 || '%'
  UNION ALL
  SELECT p.household_id, p.village_code, substr(p.village_code, 1, 9), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         1, (SELECT coalesce(sum(w.amount_fen), 0) FROM placement_wage w WHERE w.placement_id = p.id), 0, NULL, 0
    FROM employment_placement p WHERE p.village_code LIKE $1 || '%'
  UNION ALL
  SELECT NULL, CASE WHEN length(j.division_code) = 12 THEN j.division_code END, substr(j.division_code, 1, 9),
         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, pf.step, coalesce(pf.disbursed_fen, 0)
    FROM industry_project j LEFT JOIN project_funds pf ON pf.project_id = j.id
   WHERE j.division_code LIKE $1 || '%' AND length(j.division_code) >= length($1)
  UNION ALL
  SELECT b.household_id, h.village_code, substr(h.village_code, 1, 9), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0
    FROM project_beneficiary b JOIN registered_household h ON h.household_id = b.household_id
   WHERE h.village_code LIKE $1 || '%'`;

/**
 * 产业扶贫统计: one SQL statement over every source (GROUPING SETS: total, county, township, village at once), so every
 * figure is derived from the records and a household served by several items is counted once per group.
 */
@Injectable()
export class IndustryReportRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  async industry(division: string): Promise<IndustryReportRow[]> {
    const rows = await this.db.$queryRawUnsafe<Record<string, unknown>[]>(
      `WITH f AS (${FACTS}), g AS (SELECT f.*, substr(f.township_code, 1, 6) AS county_code FROM f)
       SELECT * FROM (
         SELECT CASE WHEN grouping(village_code) = 0 THEN 'village' WHEN grouping(township_code) = 0 THEN 'township'
                     WHEN grouping(county_code) = 0 THEN 'county' ELSE 'total' END AS level,
                coalesce(village_code, township_code, county_code, $1::text) AS key,
                count(DISTINCT household_id)::int AS households,
                sum(loan_active)::int AS "loansActive", sum(loan_principal)::float8 AS "loanPrincipalFen",
                sum(loan_repaid)::float8 AS "loanRepaidFen", sum(loan_arrears)::int AS "loansInArrears",
                sum(subsidy)::float8 AS "subsidyPaidFen",
                sum(div_due)::int AS "dividendsDue", sum(div_paid)::int AS "dividendsPaid",
                sum(div_paid_fen)::float8 AS "dividendsPaidFen", sum(div_missed)::int AS "dividendsMissed",
                sum(div_missed_fen)::float8 AS "dividendsMissedFen",
                sum(fiscal)::int AS "fiscalSupports", sum(fiscal_fen)::float8 AS "fiscalSupportFen",
                sum(fiscal_delivered)::int AS "fiscalDelivered", sum(jobs)::int AS jobs, sum(wages)::float8 AS "wagesFen",
                sum(projects)::int AS projects,
                count(*) FILTER (WHERE projects = 1 AND coalesce(funds_step, 'allocation') = 'allocation')::int AS "fundsAllocation",
                count(*) FILTER (WHERE funds_step = 'implementation')::int AS "fundsImplementation",
                count(*) FILTER (WHERE funds_step = 'acceptance')::int AS "fundsAcceptance",
                count(*) FILTER (WHERE funds_step IN ('notice', 'publicity', 'rectification'))::int AS "fundsNotice",
                count(*) FILTER (WHERE funds_step = 'disbursement')::int AS "fundsDisbursement",
                count(*) FILTER (WHERE funds_step = 'disbursed')::int AS "fundsDisbursed",
                sum(funds_paid)::float8 AS "fundsDisbursedFen"
           FROM g
          GROUP BY GROUPING SETS ((), (county_code), (township_code), (village_code))
       ) r
       WHERE NOT (r.level <> 'total' AND r.key IS NULL) AND NOT (r.level = 'village' AND length(r.key) <> 12)
         AND length(r.key) >= length($1::text)
       ORDER BY array_position(ARRAY['total', 'county', 'township', 'village'], r.level), r.key`,
      division,
    );
    return rows.map((r) => Object.fromEntries(INDUSTRY_REPORT_COLUMNS.map((k) => [k, r[k] ?? 0])) as IndustryReportRow);
  }
}
