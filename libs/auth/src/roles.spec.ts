import {
  type Principal,
  coversDivision,
  divisionLevel,
  isDivisionCode,
  jurisdictionLabel,
  parseJurisdiction,
  roleJurisdictionMismatch,
} from './roles';

const at = (claim: string, role: Principal['role'] = 'county_approver'): Principal => {
  const jurisdiction = parseJurisdiction(claim);
  if (!jurisdiction) throw new Error(`bad test jurisdiction ${claim}`);
  return { subject: 'u1', role, jurisdiction };
};

describe('division codes', () => {
  it.each([
    ['43', 'province'],
    ['4305', 'city'],
    ['430523', 'county'],
    ['430523101', 'township'],
    ['430523101201', 'village'],
  ])('%s is a %s', (code, level) => {
    expect(isDivisionCode(code)).toBe(true);
    expect(divisionLevel(code)).toBe(level);
  });

  it.each(['', '4', '43052', '4305231', '43052310120', '4305231012011', '43O523', ' 430523', '430523\n'])(
    '%j is malformed',
    (code) => {
      expect(isDivisionCode(code)).toBe(false);
      expect(divisionLevel(code)).toBeUndefined();
    },
  );
});

describe('parseJurisdiction', () => {
  it('reads division codes and department claims', () => {
    expect(parseJurisdiction('430523')).toEqual({ kind: 'division', code: '430523' });
    expect(parseJurisdiction('dept:medical_aid')).toEqual({ kind: 'department', department: 'medical_aid' });
    expect(parseJurisdiction('dept:relocation@430523')).toEqual({
      kind: 'department',
      department: 'relocation',
      divisionCode: '430523',
    });
  });

  it.each([
    undefined,
    null,
    430523,
    '',
    '43052',
    'dept:',
    'dept:police',
    'dept:industry@',
    'dept:industry@4305231',
    'DEPT:industry',
    'dept:industry@430523@1',
  ])('refuses %j', (claim) => expect(parseJurisdiction(claim)).toBeNull());

  it('round-trips through jurisdictionLabel', () => {
    for (const claim of ['430523101201', 'dept:civil_affairs', 'dept:health@430523']) {
      expect(jurisdictionLabel(parseJurisdiction(claim)!)).toBe(claim);
    }
  });
});

describe('coversDivision', () => {
  it('a county covers itself, its townships and its villages', () => {
    const county = at('430523');
    expect(coversDivision(county, '430523')).toBe(true);
    expect(coversDivision(county, '430523101')).toBe(true);
    expect(coversDivision(county, '430523101201')).toBe(true);
  });

  it('a county does not cover its neighbours, its city or its province', () => {
    const county = at('430523');
    expect(coversDivision(county, '430524101201')).toBe(false);
    expect(coversDivision(county, '4305')).toBe(false);
    expect(coversDivision(county, '43')).toBe(false);
  });

  it('a township covers its villages only', () => {
    const township = at('430523101', 'township_reviewer');
    expect(coversDivision(township, '430523101201')).toBe(true);
    expect(coversDivision(township, '430523102201')).toBe(false);
    expect(coversDivision(township, '430523')).toBe(false);
  });

  it('a village covers only itself', () => {
    const village = at('430523101201', 'village_cadre');
    expect(coversDivision(village, '430523101201')).toBe(true);
    expect(coversDivision(village, '430523101202')).toBe(false);
    expect(coversDivision(village, '430523101')).toBe(false);
  });

  it('a department without a division covers everything; with one, that division', () => {
    expect(coversDivision(at('dept:medical_aid', 'department_officer'), '520102001001')).toBe(true);
    const local = at('dept:relocation@430523', 'department_officer');
    expect(coversDivision(local, '430523101201')).toBe(true);
    expect(coversDivision(local, '430524101201')).toBe(false);
  });

  it('never covers a malformed code (a prefix match alone is not enough)', () => {
    expect(coversDivision(at('430523'), '4305231')).toBe(false);
    expect(coversDivision(at('430523'), '430523101201x')).toBe(false);
    expect(coversDivision(at('dept:industry', 'department_officer'), '')).toBe(false);
    expect(coversDivision(at('430523'), undefined as unknown as string)).toBe(false);
  });
});

describe('roleJurisdictionMismatch', () => {
  it('binds levelled roles to their level', () => {
    expect(roleJurisdictionMismatch('village_cadre', parseJurisdiction('430523101201')!)).toBeNull();
    expect(roleJurisdictionMismatch('township_reviewer', parseJurisdiction('430523101')!)).toBeNull();
    expect(roleJurisdictionMismatch('county_approver', parseJurisdiction('430523')!)).toBeNull();
    expect(roleJurisdictionMismatch('village_cadre', parseJurisdiction('430523')!)).toMatch(/village code/);
    expect(roleJurisdictionMismatch('county_approver', parseJurisdiction('430523101')!)).toMatch(/county code/);
    expect(roleJurisdictionMismatch('township_reviewer', parseJurisdiction('dept:industry')!)).toMatch(/division/);
  });

  it('requires a department for department officers', () => {
    expect(roleJurisdictionMismatch('department_officer', parseJurisdiction('dept:industry@430523')!)).toBeNull();
    expect(roleJurisdictionMismatch('department_officer', parseJurisdiction('430523')!)).toMatch(/dept:/);
  });

  it('lets operators, auditors and ops hold either kind at any level', () => {
    for (const role of ['workflow_operator', 'auditor', 'ops'] as const) {
      for (const claim of ['43', '430523', '430523101201', 'dept:health']) {
        expect(roleJurisdictionMismatch(role, parseJurisdiction(claim)!)).toBeNull();
      }
    }
  });
});
