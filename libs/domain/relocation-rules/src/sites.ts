/**
 * Resettlement modes and sites (安置方式与安置点), SPEC §3.3. Pure.
 *
 * Modes: nearby 就近安置, cross_region 跨区域安置, county_unified 县域统一调配, industrial_park 依托产业园区安置 — each
 * moves the household into a home at a site — and monetary 货币化安置, a lump sum instead of a home (no site).
 * A site is centralised (集中安置) or scattered (分散安置) and has a capacity in homes; homes allocated are derived
 * from the open plans by the caller and checked here.
 */

import type { LocalizedMessage, RuleViolation } from '@fupin/localized';

export const RELOCATION_MODES = ['nearby', 'cross_region', 'county_unified', 'industrial_park', 'monetary'] as const;
export type RelocationMode = (typeof RELOCATION_MODES)[number];
/** The modes that move the household into a home at a site. */
export const SITE_MODES = ['nearby', 'cross_region', 'county_unified', 'industrial_park'] as const;
export type SiteMode = (typeof SITE_MODES)[number];

export const RELOCATION_MODE_LABELS: Readonly<Record<RelocationMode, LocalizedMessage>> = {
  nearby: { 'zh-CN': '就近安置', en: 'nearby resettlement' },
  cross_region: { 'zh-CN': '跨区域安置', en: 'cross-region resettlement' },
  county_unified: { 'zh-CN': '县域统一调配', en: 'county-unified allocation' },
  industrial_park: { 'zh-CN': '依托产业园区安置', en: 'resettlement at an industrial park' },
  monetary: { 'zh-CN': '货币化安置', en: 'monetary resettlement' },
};

export const PLACEMENTS = ['centralised', 'scattered'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export const PLACEMENT_LABELS: Readonly<Record<Placement, LocalizedMessage>> = {
  centralised: { 'zh-CN': '集中安置', en: 'centralised' },
  scattered: { 'zh-CN': '分散安置', en: 'scattered' },
};

const has = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);
export const isRelocationMode = (v: unknown): v is RelocationMode => has(RELOCATION_MODES, v);
export const isSiteMode = (v: unknown): v is SiteMode => has(SITE_MODES, v);
export const isPlacement = (v: unknown): v is Placement => has(PLACEMENTS, v);
/** Monetary resettlement has no site; every other mode needs one. */
export const modeNeedsSite = (mode: RelocationMode): boolean => mode !== 'monetary';

export interface SiteCapacityRefusal extends RuleViolation {
  field: 'siteCode' | 'capacity' | 'allocated';
  rule: 'site_full' | 'capacity_homes' | 'allocated_homes';
  capacity: number;
  allocated: number;
  requested: number;
}

export type SiteCapacityCheck =
  { ok: true; capacity: number; allocated: number; remaining: number } | { ok: false; refusal: SiteCapacityRefusal };

const wholeHomes = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * May `requested` more homes (default 1) be allocated at a site of `capacity` homes with `allocated` taken? A full
 * site is refused with the figures (安置点已满).
 */
export function checkSiteCapacity(site: { capacity: number; allocated: number }, requested = 1): SiteCapacityCheck {
  const { capacity, allocated } = site;
  const refuse = (field: SiteCapacityRefusal['field'], rule: SiteCapacityRefusal['rule'], zh: string, en: string) => ({
    ok: false as const,
    refusal: { field, rule, capacity, allocated, requested, message: { 'zh-CN': zh, en } },
  });
  if (!wholeHomes(capacity) || capacity < 1)
    return refuse(
      'capacity',
      'capacity_homes',
      '安置点容量须为不小于1的整数（套）',
      'site capacity must be a whole number of homes ≥ 1',
    );
  if (!wholeHomes(allocated))
    return refuse(
      'allocated',
      'allocated_homes',
      '已分配套数须为非负整数',
      'homes allocated must be a whole number ≥ 0',
    );
  if (!Number.isSafeInteger(requested) || requested < 1)
    throw new RangeError(`requested must be ≥ 1, got ${requested}`);
  const remaining = capacity - allocated;
  if (remaining < requested)
    return refuse(
      'siteCode',
      'site_full',
      `安置点已满：容量${capacity}套，已分配${allocated}套，剩余${Math.max(0, remaining)}套`,
      `the site is full: capacity ${capacity} homes, ${allocated} allocated, ${Math.max(0, remaining)} left`,
    );
  return { ok: true, capacity, allocated, remaining: remaining - requested };
}

export interface SitePlanInput {
  mode: string;
  siteCode?: string | null;
  /** County of the site and of the household (6 digits): a site of another county is refused. */
  siteCountyCode?: string | null;
  householdCountyCode?: string | null;
  /** The site's own mode, if it has one: a plan's mode must match it. */
  siteMode?: string | null;
}

/**
 * The plan's mode and site fit together: a known mode; monetary resettlement has no site, the others need one of the
 * same mode and county (a cross-region site may be in another county of the same province). Empty when they fit.
 */
export function checkModeAndSite(input: SitePlanInput): RuleViolation[] {
  const out: RuleViolation[] = [];
  const v = (field: string, rule: string, zh: string, en: string) =>
    out.push({ field, rule, message: { 'zh-CN': zh, en } });
  if (!isRelocationMode(input.mode)) {
    v(
      'mode',
      'relocation_mode',
      `安置方式须为${RELOCATION_MODES.join('、')}之一`,
      `mode must be one of ${RELOCATION_MODES.join(', ')}`,
    );
    return out;
  }
  if (!modeNeedsSite(input.mode)) {
    if (input.siteCode)
      v('siteCode', 'no_site_for_monetary', '货币化安置不分配安置点', 'monetary resettlement has no site');
    return out;
  }
  if (!input.siteCode) {
    v(
      'siteCode',
      'site_required',
      `${RELOCATION_MODE_LABELS[input.mode]['zh-CN']}须选择安置点`,
      `${RELOCATION_MODE_LABELS[input.mode].en} needs a site`,
    );
    return out;
  }
  if (input.siteMode && input.siteMode !== input.mode)
    v(
      'mode',
      'site_mode',
      `安置点的安置方式为${input.siteMode}，与${input.mode}不符`,
      `the site is for ${input.siteMode}, not ${input.mode}`,
    );
  const site = input.siteCountyCode;
  const home = input.householdCountyCode;
  if (!site || !home) return out;
  if (input.mode !== 'cross_region' && site !== home)
    v(
      'siteCode',
      'site_of_another_county',
      `安置点属于${site}，不在本县${home}`,
      `the site is in county ${site}, not ${home}`,
    );
  if (input.mode === 'cross_region' && site.slice(0, 2) !== home.slice(0, 2))
    v(
      'siteCode',
      'site_of_another_province',
      `跨区域安置点${site}不在本省`,
      `the cross-region site ${site} is outside the province`,
    );
  return out;
}
