import { describe, expect, it } from '@jest/globals';
import {
  type HistoryEntry,
  type HistorySource,
  anyTruncated,
  householdHref,
  mergeHistories,
  shanghaiDateTime,
  yuan,
} from './HouseholdTimeline';

const HOUSEHOLD = '6f1c2b9e-3d4a-4e5f-8a7b-9c0d1e2f3a4b';
const label = (text: string) => ({ 'zh-CN': text, en: text });

const entry = (service: string, seq: string, at: string, action: string): HistoryEntry => ({
  service,
  seq,
  at,
  procedure: action.split('.')[0],
  procedureLabel: label(action.split('.')[0]),
  action,
  actionLabel: label(action),
  from: null,
  to: null,
  signedBy: { subject: 'cadre-li', role: 'village_cadre', jurisdiction: '430523101201', system: false },
  reason: null,
  subject: { type: 'household', id: HOUSEHOLD },
});

const source = (service: HistorySource['service'], entries: HistoryEntry[], truncated = false): HistorySource => ({
  service,
  history: { householdId: HOUSEHOLD, service, entries, truncated },
});

describe('the household timeline (一户一档)', () => {
  it('merges the services by time, ties by service then chain order, and ignores those with nothing', () => {
    const merged = mergeHistories([
      source('relocation-service', [
        entry('relocation-service', '3', '2026-03-02T00:00:00.000Z', 'relocation.consent'),
      ]),
      source('identification-service', [
        entry('identification-service', '10', '2026-03-01T00:00:00.000Z', 'household.apply'),
        entry('identification-service', '9', '2026-03-02T00:00:00.000Z', 'household.registered'),
        entry('identification-service', '11', '2026-03-02T00:00:00.000Z', 'household.causes'),
      ]),
      { service: 'medical-aid-service', unknown: true },
      { service: 'industry-service', error: 'down' },
    ]);
    expect(merged.map((e) => e.action)).toEqual([
      'household.apply',
      'household.registered',
      'household.causes',
      'relocation.consent',
    ]);
  });

  it('says whether a service left older entries out', () => {
    expect(
      anyTruncated([source('industry-service', [], false), { service: 'relocation-service', refused: true }]),
    ).toBe(false);
    expect(anyTruncated([source('industry-service', [], true)])).toBe(true);
  });

  it('shows instants in China Standard Time and fen as yuan', () => {
    expect(shanghaiDateTime('2026-03-01T16:30:05.000Z')).toBe('2026-03-02 00:30:05');
    expect(yuan(1_234_567)).toBe('12,345.67');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(-250)).toBe('-2.50');
    expect(householdHref(HOUSEHOLD)).toBe(`/households/${HOUSEHOLD}`);
  });
});
