import { contractFor, contracts } from './index';

describe('relapse monitoring contracts (防止返贫监测)', () => {
  const relapsed = {
    householdId: '3f8b2c1e-0d6a-4e59-9b1a-7c2d4e5f6a7b',
    villageCode: '430523101201',
    relapsedAt: '2026-11-23T08:00:00.000Z',
    incomeYear: 2026,
    perCapitaFen: 300_000,
    povertyLineFen: 460_000,
    trigger: 'disaster',
  };

  it('household.relapsed: the re-check figures in whole fen, on the household topic', () => {
    expect(contractFor('household.relapsed', 1)).toBe(contracts.householdRelapsed);
    expect(contracts.householdRelapsed.topic).toBe('identification.household');
    expect(contracts.householdRelapsed.payload.safeParse(relapsed).success).toBe(true);
    expect(contracts.householdRelapsed.payload.safeParse({ ...relapsed, povertyLineFen: 4600.5 }).success).toBe(false);
    expect(contracts.householdRelapsed.payload.safeParse({ ...relapsed, villageCode: '4305' }).success).toBe(false);
  });

  it('household.risk-cleared names the approver', () => {
    const ok = {
      householdId: relapsed.householdId,
      villageCode: relapsed.villageCode,
      clearedAt: relapsed.relapsedAt,
      approvedBy: 'approver-liu',
    };
    expect(contracts.householdRiskCleared.payload.safeParse(ok).success).toBe(true);
    expect(contracts.householdRiskCleared.payload.safeParse({ ...ok, approvedBy: '' }).success).toBe(false);
  });
});
