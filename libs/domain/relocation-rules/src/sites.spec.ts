import {
  PLACEMENT_LABELS,
  RELOCATION_MODES,
  RELOCATION_MODE_LABELS,
  checkModeAndSite,
  checkSiteCapacity,
  isPlacement,
  isRelocationMode,
  modeNeedsSite,
} from './sites';

describe('modes and placements', () => {
  it('has zh/en labels for every mode and placement', () => {
    for (const m of RELOCATION_MODES) {
      expect(RELOCATION_MODE_LABELS[m]['zh-CN']).toMatch(/安置|调配/);
      expect(RELOCATION_MODE_LABELS[m].en).toBeTruthy();
    }
    expect(PLACEMENT_LABELS.centralised['zh-CN']).toBe('集中安置');
    expect(PLACEMENT_LABELS.scattered['zh-CN']).toBe('分散安置');
  });
  it('knows which values are modes and which modes need a site', () => {
    expect(isRelocationMode('county_unified')).toBe(true);
    expect(isRelocationMode('nearbyish')).toBe(false);
    expect(isPlacement('scattered')).toBe(true);
    expect(isPlacement('central')).toBe(false);
    expect(modeNeedsSite('monetary')).toBe(false);
    expect(modeNeedsSite('industrial_park')).toBe(true);
  });
});

describe('checkSiteCapacity', () => {
  it('allocates the last home and refuses the next one with the figures', () => {
    expect(checkSiteCapacity({ capacity: 120, allocated: 119 })).toEqual({
      ok: true,
      capacity: 120,
      allocated: 119,
      remaining: 0,
    });
    const full = checkSiteCapacity({ capacity: 120, allocated: 120 });
    expect(full).toMatchObject({
      ok: false,
      refusal: { field: 'siteCode', rule: 'site_full', capacity: 120, allocated: 120, requested: 1 },
    });
    if (!full.ok) {
      expect(full.refusal.message['zh-CN']).toContain('容量120套，已分配120套，剩余0套');
      expect(full.refusal.message.en).toContain('capacity 120 homes, 120 allocated, 0 left');
    }
  });
  it('checks several homes at once', () => {
    expect(checkSiteCapacity({ capacity: 10, allocated: 8 }, 2)).toMatchObject({ ok: true, remaining: 0 });
    expect(checkSiteCapacity({ capacity: 10, allocated: 8 }, 3)).toMatchObject({
      ok: false,
      refusal: { requested: 3 },
    });
  });
  it('never reports a negative remainder for an over-allocated site', () => {
    const r = checkSiteCapacity({ capacity: 5, allocated: 7 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal.message.en).toContain('0 left');
  });
  it('names bad figures', () => {
    expect(checkSiteCapacity({ capacity: 0, allocated: 0 })).toMatchObject({
      ok: false,
      refusal: { field: 'capacity' },
    });
    expect(checkSiteCapacity({ capacity: 2.5, allocated: 0 })).toMatchObject({
      ok: false,
      refusal: { field: 'capacity' },
    });
    expect(checkSiteCapacity({ capacity: 5, allocated: -1 })).toMatchObject({
      ok: false,
      refusal: { field: 'allocated', rule: 'allocated_homes' },
    });
    expect(() => checkSiteCapacity({ capacity: 5, allocated: 0 }, 0)).toThrow(RangeError);
  });
});

describe('checkModeAndSite', () => {
  const rules = (r: ReturnType<typeof checkModeAndSite>) => r.map((v) => [v.field, v.rule]);
  it('accepts a site of the same county and mode, and monetary without a site', () => {
    expect(
      checkModeAndSite({
        mode: 'nearby',
        siteCode: 'S1',
        siteMode: 'nearby',
        siteCountyCode: '430524',
        householdCountyCode: '430524',
      }),
    ).toEqual([]);
    expect(checkModeAndSite({ mode: 'monetary', siteCode: null })).toEqual([]);
  });
  it('refuses an unknown mode, a missing site, a site for monetary resettlement', () => {
    expect(rules(checkModeAndSite({ mode: 'teleport' }))).toEqual([['mode', 'relocation_mode']]);
    expect(rules(checkModeAndSite({ mode: 'county_unified' }))).toEqual([['siteCode', 'site_required']]);
    expect(rules(checkModeAndSite({ mode: 'monetary', siteCode: 'S1' }))).toEqual([
      ['siteCode', 'no_site_for_monetary'],
    ]);
  });
  it('refuses a site of another county, or of another mode', () => {
    expect(
      rules(
        checkModeAndSite({
          mode: 'nearby',
          siteCode: 'S1',
          siteMode: 'industrial_park',
          siteCountyCode: '430523',
          householdCountyCode: '430524',
        }),
      ),
    ).toEqual([
      ['mode', 'site_mode'],
      ['siteCode', 'site_of_another_county'],
    ]);
  });
  it('lets a cross-region site be in another county of the province, not another province', () => {
    expect(
      checkModeAndSite({
        mode: 'cross_region',
        siteCode: 'S2',
        siteCountyCode: '430523',
        householdCountyCode: '430524',
      }),
    ).toEqual([]);
    expect(
      rules(
        checkModeAndSite({
          mode: 'cross_region',
          siteCode: 'S2',
          siteCountyCode: '520523',
          householdCountyCode: '430524',
        }),
      ),
    ).toEqual([['siteCode', 'site_of_another_province']]);
  });
});
