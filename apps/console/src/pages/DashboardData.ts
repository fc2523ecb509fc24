// 数据看板 (issue 15 §7): what the dashboard reads — identification-service's statistics, incidence and annual review,
// medical-aid-service's monthly reports — through the typed client, and how its figures are written.
import type { IdentificationPaths, MedicalAidPaths } from '@fupin/api-client';
import { ApiError, client, unwrap } from '../api';
import type { Lang } from '../i18n';
import { shanghaiToday } from './InboxFormat';

type Json<P, M extends 'get'> = P extends {
  [K in M]: { responses: { 200: { content: { 'application/json': infer R } } } };
}
  ? R
  : never;

export type Statistics = Json<IdentificationPaths['/statistics/households'], 'get'>;
export type AreaStatistics = Statistics['area'];
export type Incidence = Json<IdentificationPaths['/incidence'], 'get'>;
export type ReviewList = Json<IdentificationPaths['/reviews'], 'get'>;
export type Review = Json<IdentificationPaths['/reviews/{id}'], 'get'>;
export type MonthlyReport = Json<MedicalAidPaths['/reports/monthly'], 'get'>;

/** A month's report, or `null` when it has not been built (404 report.not_built). */
export interface MonthReport {
  month: string;
  report: MonthlyReport | null;
}

/** The division a user's jurisdiction names: a department officer's `dept:<department>@<code>` gives the code. */
export const jurisdictionDivision = (jurisdiction: string) => jurisdiction.replace(/^dept:[a-z_]+@/, '');

export const DIVISION = /^(\d{6}|\d{9}|\d{12})$/;

export const dashboardHref = (division: string) => `/dashboard?division=${encodeURIComponent(division)}`;

export function readStatistics(token: string, division: string): Promise<Statistics> {
  return unwrap(
    client('identification-service', token).GET('/statistics/households', { params: { query: { division } } }),
  );
}

export function readIncidence(token: string, division: string): Promise<Incidence> {
  return unwrap(client('identification-service', token).GET('/incidence', { params: { query: { division } } }));
}

/** The county's newest annual review (一年一评) as it stands, or null when it has none. */
export async function readLatestReview(token: string, county: string): Promise<Review | null> {
  const identification = client('identification-service', token);
  const list = await unwrap(identification.GET('/reviews', { params: { query: { county } } }));
  const newest = list.reviews[0];
  if (!newest) return null;
  return unwrap(identification.GET('/reviews/{id}', { params: { path: { id: newest.id } } }));
}

/** The county's monthly reports (月度报表) of the given months; a month not built yet is `null`. */
export function readMonthlyReports(token: string, county: string, months: string[]): Promise<MonthReport[]> {
  const medical = client('medical-aid-service', token);
  return Promise.all(
    months.map(async (month) => {
      try {
        return {
          month,
          report: await unwrap(medical.GET('/reports/monthly', { params: { query: { county, month } } })),
        };
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return { month, report: null };
        throw e;
      }
    }),
  );
}

/**
 * The last `count` months whose report can exist (a month's report is built on the 1st of the next, Asia/Shanghai),
 * oldest first: in March 2026, 2025-03 … 2026-02.
 */
export function reportMonths(count = 12, now = new Date()): string[] {
  const [year, month] = shanghaiToday(now).split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - (count - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** The medical aid layers (四重保障) paid, in the order they pay a claim. */
export const LAYERS = ['basic', 'critical', 'assistance', 'backstop'] as const;
export type Layer = (typeof LAYERS)[number];

/** Integer fen as yuan with two decimals: 123456 → '¥1,234.56' (zh-CN), 'CN¥1,234.56' (en). */
export function yuan(fen: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 }).format(
    fen / 100,
  );
}

/** Fen as yuan for a chart's axis (a number, not text). */
export const yuanValue = (fen: number) => fen / 100;

/** A count with the language's grouping: 12345 → '12,345'. */
export const count = (n: number, lang: Lang) => new Intl.NumberFormat(lang).format(n);

/** Basis points as a percentage with two decimals: 150 → '1.50%'. */
export const percent = (bp: number) => `${(bp / 100).toFixed(2)}%`;
