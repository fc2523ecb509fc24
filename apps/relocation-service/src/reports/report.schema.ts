import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

/** `GET /reports/relocation?division=&format=`. */
export const relocationReportQuery = z.object({
  division: z
    .string()
    .regex(
      /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/,
      bilingual('须为2、4、6、9或12位行政区划代码', 'must be a 2, 4, 6, 9 or 12-digit division code'),
    ),
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .default('json')
    .meta({ description: 'json (default), csv or xlsx (the same rows; xlsx with bilingual headers, money in yuan)' }),
});

export const REPORT_LEVELS = ['total', 'county', 'township', 'village', 'site', 'mode'] as const;

const count = (description: string) => z.number().int().meta({ description });

export const reportRow = z
  .object({
    level: z.enum(REPORT_LEVELS),
    key: z
      .string()
      .meta({ description: 'the division code, site code or mode; "none" (no site) or "unplanned" (no mode yet)' }),
    households: count('households with a case that is not withdrawn (each counted once)'),
    people: count('persons moving, as planned'),
    homes: count('homes at sites held by the cases'),
    areaM2: z.number().meta({ description: 'home area planned, m²' }),
    subsidyPlannedFen: count('subsidy planned (tranches not stopped), fen'),
    subsidyPaidFen: count('subsidy paid, fen'),
    movedIn: count('households moved in (搬迁入住)'),
    reclaimed: count('old houses demolished and land reclaimed (拆旧复垦)'),
    withFollowUp: count('households with a follow-up measure recorded (后续扶持)'),
    withdrawn: count('cases withdrawn (not counted above)'),
  })
  .meta({ id: 'RelocationReportRow' });
export type ReportRow = z.output<typeof reportRow>;

export const relocationReport = z.object({ division: z.string(), rows: z.array(reportRow) }).meta({
  id: 'RelocationReport',
  description:
    'Relocation figures (易地扶贫搬迁统计) derived from the cases, never typed in: the total, then per county, township, village, site and mode',
});
export type RelocationReport = z.output<typeof relocationReport>;

export const REPORT_COLUMNS = Object.keys(reportRow.shape) as (keyof ReportRow)[];

export const RENOVATION_REPORT_LEVELS = ['total', 'county', 'township', 'village', 'year'] as const;

export const renovationReportRow = z
  .object({
    level: z.enum(RENOVATION_REPORT_LEVELS),
    key: z.string().meta({ description: 'the division code, or the planned year (level year)' }),
    households: count('households with a renovation case that is not withdrawn (each counted once)'),
    gradeC: count('houses graded C (局部危房) when the case opened'),
    gradeD: count('houses graded D (整栋危房) when the case opened'),
    renovated: count('houses renovated and accepted (竣工验收): graded anew'),
    nowGradeA: count('renovated houses now graded A'),
    nowGradeB: count('renovated houses now graded B'),
    subsidyPlannedFen: count('subsidy planned (tranches not stopped), fen'),
    subsidyPaidFen: count('subsidy paid, fen'),
    withdrawn: count('cases withdrawn (not counted above)'),
  })
  .meta({ id: 'RenovationReportRow' });
export type RenovationReportRow = z.output<typeof renovationReportRow>;

export const renovationReport = z.object({ division: z.string(), rows: z.array(renovationReportRow) }).meta({
  id: 'RenovationReport',
  description:
    '危房改造统计 derived from the renovation cases, never typed in: the total, then per county, township, village and planned year',
});
export type RenovationReport = z.output<typeof renovationReport>;

export const RENOVATION_REPORT_COLUMNS = Object.keys(renovationReportRow.shape) as (keyof RenovationReportRow)[];
