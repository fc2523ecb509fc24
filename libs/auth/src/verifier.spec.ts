import { TokenRejected, checkTokenLifetime, extractBearerToken, principalFromClaims } from './verifier';

const rejection = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof TokenRejected) return e.reason;
    throw e;
  }
  throw new Error('expected a rejection');
};

describe('principalFromClaims', () => {
  it('maps sub, name, role and a division jurisdiction', () => {
    expect(principalFromClaims({ sub: 'u1', name: '张三', role: 'county_approver', jurisdiction: '430523' })).toEqual({
      subject: 'u1',
      name: '张三',
      role: 'county_approver',
      jurisdiction: { kind: 'division', code: '430523' },
    });
  });

  it('maps a department jurisdiction with and without a division', () => {
    expect(
      principalFromClaims({ sub: 'd1', role: 'department_officer', jurisdiction: 'dept:medical_aid' }).jurisdiction,
    ).toEqual({
      kind: 'department',
      department: 'medical_aid',
    });
    expect(
      principalFromClaims({ sub: 'd2', role: 'department_officer', jurisdiction: 'dept:relocation@430523' })
        .jurisdiction,
    ).toEqual({
      kind: 'department',
      department: 'relocation',
      divisionCode: '430523',
    });
  });

  it('leaves out a missing or empty name', () => {
    expect(principalFromClaims({ sub: 'u1', role: 'auditor', jurisdiction: '430523' })).not.toHaveProperty('name');
    expect(principalFromClaims({ sub: 'u1', name: '', role: 'auditor', jurisdiction: '430523' })).not.toHaveProperty(
      'name',
    );
  });

  it.each([
    ['unknown role', { sub: 'u1', role: 'governor', jurisdiction: '430523' }],
    ['no role', { sub: 'u1', jurisdiction: '430523' }],
    ['role of the wrong type', { sub: 'u1', role: ['auditor'], jurisdiction: '430523' }],
    ['no subject', { role: 'auditor', jurisdiction: '430523' }],
    ['empty subject', { sub: '', role: 'auditor', jurisdiction: '430523' }],
    ['no jurisdiction', { sub: 'u1', role: 'auditor' }],
    ['malformed division code', { sub: 'u1', role: 'auditor', jurisdiction: '4305231' }],
    ['unknown department', { sub: 'u1', role: 'department_officer', jurisdiction: 'dept:police' }],
    ['department officer with a division', { sub: 'u1', role: 'department_officer', jurisdiction: '430523' }],
    ['village cadre with a county', { sub: 'u1', role: 'village_cadre', jurisdiction: '430523' }],
    ['county approver with a department', { sub: 'u1', role: 'county_approver', jurisdiction: 'dept:industry' }],
  ])('refuses %s as token_invalid', (_label, claims) => {
    expect(rejection(() => principalFromClaims(claims))).toBe('token_invalid');
  });
});

describe('extractBearerToken', () => {
  it('reads the token of a Bearer header, scheme case-insensitive', () => {
    expect(extractBearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(extractBearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(extractBearerToken(['Bearer abc.def.ghi'])).toBe('abc.def.ghi');
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'abc.def.ghi', 'Bearer a b'])(
    'finds no token in %j',
    (header) => {
      expect(extractBearerToken(header)).toBeUndefined();
    },
  );
});

describe('token lifetime (at most 12 h by default)', () => {
  const now = 1_800_000_000;
  it('accepts a token valid for up to the maximum, measured from iat or, without iat, from now', () => {
    expect(() => checkTokenLifetime({ iat: now, exp: now + 12 * 3600 }, 12 * 3600, now)).not.toThrow();
    expect(() => checkTokenLifetime({ exp: now + 8 * 3600 }, 12 * 3600, now)).not.toThrow();
  });
  it('refuses one valid for longer (a century-long token), and one issued in the future', () => {
    expect(() => checkTokenLifetime({ iat: now, exp: now + 12 * 3600 + 6 }, 12 * 3600, now)).toThrow(
      expect.objectContaining({ reason: 'token_lifetime' }),
    );
    expect(() => checkTokenLifetime({ exp: now + 100 * 365 * 86400 }, 12 * 3600, now)).toThrow(
      expect.objectContaining({ reason: 'token_lifetime' }),
    );
    expect(() => checkTokenLifetime({ iat: now + 3600, exp: now + 7200 }, 12 * 3600, now)).toThrow(
      expect.objectContaining({ reason: 'token_invalid' }),
    );
  });
});
