import { ContractViolation, buildEvent, contractFor, contracts, parseEvent, type EventActor } from './index';

describe('relocation contracts (易地扶贫搬迁)', () => {
  const base = {
    caseId: '6a0c2f4e-3b1d-4c5e-9f7a-1b2c3d4e5f60',
    householdId: '3f8b2c1e-0d6a-4e59-9b1a-7c2d4e5f6a7b',
    villageCode: '430523101201',
  };
  const officer: EventActor = { subject: 'officer-1', role: 'department_officer', jurisdiction: '430523' };
  const consented = { ...base, signedBy: '王建国', signedOn: '2026-03-01', documentRef: 'BQ-2026-0001' };
  const planned = {
    ...base,
    mode: 'nearby' as const,
    siteCode: 'S-430523-01',
    areaM2: 75,
    persons: 3,
    subsidyFen: 6_000_000,
  };
  const paid = {
    ...base,
    milestone: 'foundation' as const,
    amountFen: 1_800_000,
    paymentRef: 'RL-6a0c2f4e-foundation',
    paidAt: '2026-05-01T08:00:00.000Z',
  };
  const movedIn = { ...base, movedInOn: '2026-10-01' };
  const completed = { ...base, landRightsKept: true, relocatedOn: '2027-02-01' };
  const renovated = {
    ...base,
    previousGrade: 'D' as const,
    newGrade: 'A' as const,
    renovatedOn: '2026-11-20',
    subsidyPaidFen: 3_500_000,
  };
  const withdrawn = {
    ...base,
    reason: '户主改变主意，留在原村 (the head changed his mind)',
    step: 'construction',
    withdrawnAt: '2026-06-01T08:00:00.000Z',
  };

  /** Producer side (buildEvent) and consumer side (parseEvent of the JSON) of one payload. */
  function roundTrip(name: keyof typeof contracts, payload: unknown) {
    const definition = contracts[name] as typeof contracts.relocationPlanned;
    const event = buildEvent(definition, {
      aggregateId: base.caseId,
      actor: officer,
      payload: payload as typeof planned,
    });
    return parseEvent(JSON.parse(JSON.stringify(event)));
  }
  /** The fields refused (each once). */
  function issuePaths(name: keyof typeof contracts, payload: unknown): string[] {
    try {
      roundTrip(name, payload);
    } catch (e) {
      if (e instanceof ContractViolation) return [...new Set(e.issues.map((i) => i.path))];
      throw e;
    }
    throw new Error('expected a ContractViolation');
  }

  it.each([
    ['relocationConsented', 'relocation.consented', consented],
    ['relocationPlanned', 'relocation.planned', planned],
    ['relocationPlanned', 'relocation.planned', { ...planned, mode: 'monetary', siteCode: null, areaM2: null }],
    ['relocationTranchePaid', 'relocation.tranche-paid', paid],
    ['housingRenovated', 'housing.renovated', renovated],
    ['relocationMovedIn', 'relocation.moved-in', movedIn],
    ['relocationCompleted', 'relocation.completed', completed],
    ['relocationWithdrawn', 'relocation.withdrawn', withdrawn],
  ] as const)('%s (%s) round-trips on the relocation topic', (name, type, payload) => {
    expect(contractFor(type, 1)).toBe(contracts[name]);
    expect(contracts[name].topic).toBe('relocation.case');
    const event = roundTrip(name, payload);
    expect(event).toMatchObject({ type, version: 1, aggregateId: base.caseId, payload });
  });

  it('every event names its case, household and village', () => {
    const { caseId: _case, ...noCase } = consented;
    expect(issuePaths('relocationConsented', noCase)).toEqual(['payload.caseId']);
    expect(issuePaths('relocationMovedIn', { ...movedIn, householdId: 'h-1' })).toEqual(['payload.householdId']);
    expect(issuePaths('relocationCompleted', { ...completed, villageCode: '430523' })).toEqual(['payload.villageCode']);
  });

  it('consent: a signer, a real calendar day and a document reference', () => {
    expect(issuePaths('relocationConsented', { ...consented, signedBy: '' })).toEqual(['payload.signedBy']);
    expect(issuePaths('relocationConsented', { ...consented, signedOn: '2026-02-30' })).toEqual(['payload.signedOn']);
    expect(issuePaths('relocationConsented', { ...consented, documentRef: '' })).toEqual(['payload.documentRef']);
  });

  it('plan: a known mode; a site and a positive area unless monetary (then neither); money in whole fen', () => {
    expect(issuePaths('relocationPlanned', { ...planned, mode: 'abroad' })).toEqual(['payload.mode']);
    expect(issuePaths('relocationPlanned', { ...planned, siteCode: null })).toEqual(['payload.siteCode']);
    expect(issuePaths('relocationPlanned', { ...planned, areaM2: null })).toEqual(['payload.areaM2']);
    expect(issuePaths('relocationPlanned', { ...planned, areaM2: 0 })).toEqual(['payload.areaM2']);
    expect(issuePaths('relocationPlanned', { ...planned, areaM2: -5 })).toEqual(['payload.areaM2']);
    expect(issuePaths('relocationPlanned', { ...planned, mode: 'monetary', areaM2: null })).toEqual([
      'payload.siteCode',
    ]);
    expect(issuePaths('relocationPlanned', { ...planned, mode: 'monetary', siteCode: null })).toEqual([
      'payload.areaM2',
    ]);
    expect(issuePaths('relocationPlanned', { ...planned, persons: 0 })).toEqual(['payload.persons']);
    expect(issuePaths('relocationPlanned', { ...planned, persons: 2.5 })).toEqual(['payload.persons']);
    expect(issuePaths('relocationPlanned', { ...planned, subsidyFen: 60_000.5 })).toEqual(['payload.subsidyFen']);
    expect(issuePaths('relocationPlanned', { ...planned, subsidyFen: -1 })).toEqual(['payload.subsidyFen']);
  });

  it('tranche: a known milestone, a positive amount in fen, a payment reference, a UTC instant', () => {
    expect(issuePaths('relocationTranchePaid', { ...paid, milestone: 'walls' })).toEqual(['payload.milestone']);
    expect(issuePaths('relocationTranchePaid', { ...paid, amountFen: 0 })).toEqual(['payload.amountFen']);
    expect(issuePaths('relocationTranchePaid', { ...paid, amountFen: 18_000.01 })).toEqual(['payload.amountFen']);
    expect(issuePaths('relocationTranchePaid', { ...paid, paymentRef: '' })).toEqual(['payload.paymentRef']);
    expect(issuePaths('relocationTranchePaid', { ...paid, paidAt: '2026-05-01T16:00:00+08:00' })).toEqual([
      'payload.paidAt',
    ]);
  });

  it('move-in, completion and withdrawal carry their day, flag, reason and step', () => {
    expect(issuePaths('relocationMovedIn', { ...base, movedInOn: '2026-10-01T00:00:00Z' })).toEqual([
      'payload.movedInOn',
    ]);
    expect(issuePaths('relocationCompleted', { ...completed, landRightsKept: 'yes' })).toEqual([
      'payload.landRightsKept',
    ]);
    const { relocatedOn: _day, ...noDay } = completed;
    expect(issuePaths('relocationCompleted', noDay)).toEqual(['payload.relocatedOn']);
    expect(issuePaths('relocationWithdrawn', { ...withdrawn, reason: '' })).toEqual(['payload.reason']);
    expect(issuePaths('relocationWithdrawn', { ...withdrawn, step: '' })).toEqual(['payload.step']);
  });

  it('housing.renovated: from a dangerous grade (C, D) to a safe one (A, B), the day, whole fen', () => {
    expect(issuePaths('housingRenovated', { ...renovated, previousGrade: 'B' })).toEqual(['payload.previousGrade']);
    expect(issuePaths('housingRenovated', { ...renovated, newGrade: 'C' })).toEqual(['payload.newGrade']);
    expect(issuePaths('housingRenovated', { ...renovated, renovatedOn: '2026-11-31' })).toEqual([
      'payload.renovatedOn',
    ]);
    expect(issuePaths('housingRenovated', { ...renovated, subsidyPaidFen: 1.5 })).toEqual(['payload.subsidyPaidFen']);
  });
});
