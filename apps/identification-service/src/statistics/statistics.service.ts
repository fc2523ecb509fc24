import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import {
  ASSISTANCE_CATEGORIES,
  ASSISTANCE_CATEGORY_LABELS,
  type LocalizedMessage,
  POVERTY_CAUSES,
  POVERTY_CAUSE_LABELS,
} from '@fupin/identification-rules';
import type { AreaStatistics, HouseholdStatistics } from './statistics.schema';
import { type CountRow, type Dimension, StatisticsRepository } from './statistics.repository';

/** 户状态: a household's place in the register (applicant → in_procedure → registered | refused | withdrawn → exited). */
export const HOUSEHOLD_STATUS_LABELS: Readonly<Record<string, LocalizedMessage>> = {
  applicant: { 'zh-CN': '已申请', en: 'applied' },
  in_procedure: { 'zh-CN': '识别中', en: 'being identified' },
  registered: { 'zh-CN': '已建档立卡', en: 'registered' },
  exited: { 'zh-CN': '已退出', en: 'exited' },
  refused: { 'zh-CN': '不予纳入', en: 'refused' },
  withdrawn: { 'zh-CN': '已撤回申请', en: 'application withdrawn' },
};
const STATUSES = Object.keys(HOUSEHOLD_STATUS_LABELS);
const NOT_RECORDED: LocalizedMessage = { 'zh-CN': '未填写', en: 'not recorded' };

const LEVELS = { 6: 'county', 9: 'township', 12: 'village' } as const;
const CHILD_LENGTH = { 6: 9, 9: 12, 12: 12 } as const;

type Counts = Map<string | null, { households: number; people: number }>;
const ZERO = { households: 0, people: 0 };

interface Counted {
  key: string | null;
  label: LocalizedMessage;
  households: number;
  people: number;
}

/** Known keys in their order with zeros, then any other key found (a value the vocabulary does not know). */
function listed(
  known: readonly string[],
  labels: Readonly<Record<string, LocalizedMessage>>,
  counts: Counts,
  withNotRecorded: boolean,
): Counted[] {
  const others = [...counts.keys()].filter((k): k is string => k !== null && !known.includes(k)).sort();
  const keys: (string | null)[] = [...known, ...others, ...(withNotRecorded ? [null] : [])];
  return keys.map((key) => ({
    key,
    label: key === null ? NOT_RECORDED : (labels[key] ?? { 'zh-CN': key, en: key }),
    ...(counts.get(key) ?? ZERO),
  }));
}

function area(code: string, name: string | null, rows: CountRow[]): AreaStatistics {
  const by = (d: Dimension): Counts =>
    new Map(rows.filter((r) => r.dimension === d).map((r) => [r.key, { households: r.households, people: r.people }]));
  const statuses = by('status');
  const total = (f: 'households' | 'people') => [...statuses.values()].reduce((s, c) => s + c[f], 0);
  return {
    code,
    name,
    households: total('households'),
    people: total('people'),
    // status is never null (the column is NOT NULL)
    byStatus: listed(STATUSES, HOUSEHOLD_STATUS_LABELS, statuses, false).map(({ key, ...c }) => ({
      status: key ?? '',
      ...c,
    })),
    registeredByCause: listed(POVERTY_CAUSES, POVERTY_CAUSE_LABELS, by('cause'), true).map(({ key, ...c }) => ({
      cause: key,
      ...c,
    })),
    registeredByCategory: listed(ASSISTANCE_CATEGORIES, ASSISTANCE_CATEGORY_LABELS, by('category'), true).map(
      ({ key, ...c }) => ({ category: key, ...c }),
    ),
  };
}

/** The dashboards' figures of the register: a division and its children one level down. */
@Injectable()
export class StatisticsService {
  constructor(private readonly statistics: StatisticsRepository) {}

  /** The statistics of a division inside the caller's jurisdiction. */
  async households(principal: Principal, divisionCode: string): Promise<HouseholdStatistics> {
    assertJurisdiction(principal, divisionCode, 'division');
    const length = divisionCode.length as keyof typeof LEVELS;
    const level = LEVELS[length];
    const childLength = CHILD_LENGTH[length];
    const [rows, names] = await Promise.all([
      this.statistics.counts(divisionCode, childLength),
      this.statistics.names(divisionCode, childLength),
    ]);
    const nameOf = new Map(names.map((d) => [d.code, d.name]));
    const childCodes = level === 'village' ? [] : childrenOf(divisionCode, rows, names);
    return {
      divisionCode,
      level,
      area: area(
        divisionCode,
        nameOf.get(divisionCode) ?? null,
        rows.filter((r) => r.child === null),
      ),
      childLevel: level === 'county' ? 'township' : level === 'township' ? 'village' : null,
      children: childCodes.map((c) =>
        area(
          c,
          nameOf.get(c) ?? null,
          rows.filter((r) => r.child === c),
        ),
      ),
    };
  }
}

/** The register's children and any other child with households, by code. */
function childrenOf(divisionCode: string, rows: CountRow[], names: { code: string }[]): string[] {
  const codes = new Set(names.map((d) => d.code).filter((c) => c !== divisionCode));
  for (const r of rows) if (r.child !== null) codes.add(r.child);
  return [...codes].sort();
}
