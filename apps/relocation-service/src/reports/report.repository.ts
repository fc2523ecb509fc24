import { Injectable } from '@nestjs/common';
import { InjectDb } from '@fupin/service-kit';
import type { RelocationDb } from '../db';
import { RENOVATION_REPORT_COLUMNS, type RenovationReportRow, type ReportRow } from './report.schema';

type Raw = Omit<ReportRow, 'subsidyPlannedFen' | 'subsidyPaidFen'> & {
  subsidyPlannedFen: bigint;
  subsidyPaidFen: bigint;
};

/**
 * The relocation report: one SQL statement over the cases (GROUPING SETS: total, county, township, village, site,
 * mode at once), so every figure is derived from the cases and a household is counted once per group.
 */
@Injectable()
export class ReportRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  async relocation(division: string): Promise<ReportRow[]> {
    const rows = await this.db.$queryRawUnsafe<Raw[]>(
      `WITH c AS (
         SELECT rc.id, rc.household_id, rc.village_code, substr(rc.village_code, 1, 9) AS township_code, rc.county_code,
                coalesce(rc.site_code, 'none') AS site, coalesce(rc.mode, 'unplanned') AS mode, rc.status, rc.persons,
                rc.area_m2, rc.site_code, rc.moved_in_on, rc.reclaimed_on, rc.follow_up_on,
                (SELECT coalesce(sum(t.amount_fen), 0) FROM relocation_tranche t WHERE t.case_id = rc.id AND t.status <> 'stopped') AS planned_fen,
                (SELECT coalesce(sum(t.amount_fen), 0) FROM relocation_tranche t WHERE t.case_id = rc.id AND t.status = 'paid') AS paid_fen
           FROM relocation_case rc
          WHERE rc.kind = 'relocation' AND rc.village_code LIKE $1::text || '%'
       )
       SELECT * FROM (
         SELECT CASE WHEN grouping(village_code) = 0 THEN 'village' WHEN grouping(township_code) = 0 THEN 'township'
                     WHEN grouping(county_code) = 0 THEN 'county' WHEN grouping(site) = 0 THEN 'site'
                     WHEN grouping(mode) = 0 THEN 'mode' ELSE 'total' END AS level,
                coalesce(village_code, township_code, county_code, site, mode, $1::text) AS key,
                count(DISTINCT household_id) FILTER (WHERE status NOT IN ('withdrawn', 'refused'))::int AS households,
                coalesce(sum(persons) FILTER (WHERE status NOT IN ('withdrawn', 'refused')), 0)::int AS people,
                count(site_code) FILTER (WHERE status NOT IN ('withdrawn', 'refused'))::int AS homes,
                coalesce(sum(area_m2) FILTER (WHERE status NOT IN ('withdrawn', 'refused')), 0)::float8 AS "areaM2",
                coalesce(sum(planned_fen) FILTER (WHERE status NOT IN ('withdrawn', 'refused')), 0)::bigint AS "subsidyPlannedFen",
                coalesce(sum(paid_fen), 0)::bigint AS "subsidyPaidFen",
                count(moved_in_on) FILTER (WHERE status NOT IN ('withdrawn', 'refused'))::int AS "movedIn",
                count(reclaimed_on) FILTER (WHERE status NOT IN ('withdrawn', 'refused'))::int AS reclaimed,
                count(follow_up_on) FILTER (WHERE status NOT IN ('withdrawn', 'refused'))::int AS "withFollowUp",
                count(*) FILTER (WHERE status = 'withdrawn')::int AS withdrawn
           FROM c
          GROUP BY GROUPING SETS ((), (county_code), (township_code), (village_code), (site), (mode))
       ) r
       ORDER BY array_position(ARRAY['total', 'county', 'township', 'village', 'site', 'mode'], r.level), r.key`,
      division,
    );
    return rows.map((r) => ({
      ...r,
      subsidyPlannedFen: Number(r.subsidyPlannedFen),
      subsidyPaidFen: Number(r.subsidyPaidFen),
    }));
  }

  /** 危房改造统计: the renovation cases, total / county / township / village / planned year at once. */
  async renovation(division: string): Promise<RenovationReportRow[]> {
    const rows = await this.db.$queryRawUnsafe<Record<string, unknown>[]>(
      `WITH c AS (
         SELECT rc.household_id, rc.village_code, substr(rc.village_code, 1, 9) AS township_code, rc.county_code,
                rc.planned_year::text AS year, rc.status, rc.house_grade, rc.new_grade,
                (SELECT coalesce(sum(t.amount_fen), 0) FROM relocation_tranche t WHERE t.case_id = rc.id AND t.status <> 'stopped') AS planned_fen,
                (SELECT coalesce(sum(t.amount_fen), 0) FROM relocation_tranche t WHERE t.case_id = rc.id AND t.status = 'paid') AS paid_fen
           FROM relocation_case rc
          WHERE rc.kind = 'renovation' AND rc.village_code LIKE $1::text || '%'
       )
       SELECT * FROM (
         SELECT CASE WHEN grouping(village_code) = 0 THEN 'village' WHEN grouping(township_code) = 0 THEN 'township'
                     WHEN grouping(county_code) = 0 THEN 'county' WHEN grouping(year) = 0 THEN 'year' ELSE 'total' END AS level,
                coalesce(village_code, township_code, county_code, year, $1::text) AS key,
                count(DISTINCT household_id) FILTER (WHERE status NOT IN ('withdrawn', 'refused'))::int AS households,
                count(*) FILTER (WHERE status NOT IN ('withdrawn', 'refused') AND house_grade = 'C')::int AS "gradeC",
                count(*) FILTER (WHERE status NOT IN ('withdrawn', 'refused') AND house_grade = 'D')::int AS "gradeD",
                count(new_grade) FILTER (WHERE status NOT IN ('withdrawn', 'refused'))::int AS renovated,
                count(*) FILTER (WHERE status NOT IN ('withdrawn', 'refused') AND new_grade = 'A')::int AS "nowGradeA",
                count(*) FILTER (WHERE status NOT IN ('withdrawn', 'refused') AND new_grade = 'B')::int AS "nowGradeB",
                coalesce(sum(planned_fen) FILTER (WHERE status NOT IN ('withdrawn', 'refused')), 0)::float8 AS "subsidyPlannedFen",
                coalesce(sum(paid_fen), 0)::float8 AS "subsidyPaidFen",
                count(*) FILTER (WHERE status = 'withdrawn')::int AS withdrawn
           FROM c
          GROUP BY GROUPING SETS ((), (county_code), (township_code), (village_code), (year))
       ) r
       ORDER BY array_position(ARRAY['total', 'county', 'township', 'village', 'year'], r.level), r.key`,
      division,
    );
    return rows.map(
      (r) => Object.fromEntries(RENOVATION_REPORT_COLUMNS.map((k) => [k, r[k] ?? 0])) as RenovationReportRow,
    );
  }
}
