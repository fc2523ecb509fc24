/**
 * Employment support (就业扶贫): jobs at partners (企业、合作社岗位) and public-welfare posts (公益岗位), members of
 * registered households placed in them, and their monthly wages. Pure: days are `YYYY-MM-DD`, months `YYYY-MM`,
 * money integer fen, failures are values.
 *
 * Decisions:
 * - A partner's job names its partner and no post category; a public-welfare post names its category (road
 *   maintenance 护路, sanitation 保洁, forest ranger 护林, ecological forest ranger 生态护林员 …) and no partner.
 * - A wage is for a calendar month, once per placement: not before the month the placement started, not after the
 *   current month. Its income is earned on the month's last day, or today while the month is running.
 */

import type { RuleViolation } from '@fupin/localized';
import { isIsoDate } from './loan-schedule';

export const JOB_KINDS = ['partner_job', 'public_welfare_post'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** 公益岗位 categories: 护路, 保洁, 护林, 生态护林员, 水利设施管护, 其他. */
export const PUBLIC_WELFARE_CATEGORIES = [
  'road_maintenance',
  'sanitation',
  'forest_ranger',
  'ecological_ranger',
  'water_management',
  'other',
] as const;
export type PublicWelfareCategory = (typeof PUBLIC_WELFARE_CATEGORIES)[number];

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (s: unknown): s is string => typeof s === 'string' && MONTH.test(s);

function violation(field: string, rule: string, zh: string, en: string): RuleViolation {
  return { field, rule, message: { 'zh-CN': zh, en } };
}

/** What a job names by its kind: the partner of a partner's job, the category of a public-welfare post. */
export function checkJobKind(job: { kind: JobKind; partnerId?: string | null; category?: string | null }) {
  const out: RuleViolation[] = [];
  if (job.kind === 'partner_job') {
    if (!job.partnerId)
      out.push(violation('partnerId', 'partner_required', '企业岗位须注明经营主体', 'a partner job names its partner'));
    if (job.category)
      out.push(
        violation(
          'category',
          'category_not_allowed',
          '企业岗位不填公益岗位类别',
          'only public-welfare posts have a category',
        ),
      );
  } else {
    if (!job.category)
      out.push(
        violation(
          'category',
          'category_required',
          '公益岗位须注明岗位类别',
          'a public-welfare post names its category',
        ),
      );
    if (job.partnerId)
      out.push(
        violation('partnerId', 'partner_not_allowed', '公益岗位不属于经营主体', 'a public-welfare post has no partner'),
      );
  }
  return out;
}

/** The last day of a `YYYY-MM` month. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

/**
 * A wage month of a placement started on `startedOn`, recorded on `today`: a month, not before the start's month,
 * not after today's month. Empty = it stands.
 */
export function checkWageMonth(month: string, startedOn: string, today: string): RuleViolation[] {
  if (!isMonth(month)) return [violation('month', 'wage_month', '工资月份须为 YYYY-MM', 'month must be YYYY-MM')];
  if (!isIsoDate(startedOn) || !isIsoDate(today)) throw new RangeError('startedOn and today must be YYYY-MM-DD');
  const start = startedOn.slice(0, 7);
  if (month < start)
    return [
      violation(
        'month',
        'wage_before_start',
        `工资月份 ${month} 早于上岗月份 ${start}`,
        `the wage month ${month} is before the placement started (${start})`,
      ),
    ];
  if (month > today.slice(0, 7))
    return [
      violation(
        'month',
        'wage_month_future',
        `工资月份 ${month} 尚未到来`,
        `the wage month ${month} has not begun (today is ${today})`,
      ),
    ];
  return [];
}

/** The day a month's wage is earned: the month's last day, or today while the month is running. */
export function wageEarnedOn(month: string, today: string): string {
  const last = lastDayOfMonth(month);
  return last < today ? last : today;
}
