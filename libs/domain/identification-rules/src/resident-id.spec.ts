import { birthDateMatches, residentIdCheckDigit, validateResidentId } from './resident-id';

const AS_OF = '2024-06-30';

/** Test-side MOD 11-2, written independently of the implementation: check = (12 − Σ(dᵢ·2^(17−i) mod 11)) mod 11. */
function withCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

describe('validateResidentId (身份证号码校验)', () => {
  it('accepts the published examples', () => {
    expect(validateResidentId('11010519491231002X', AS_OF)).toEqual({
      ok: true,
      value: { id: '11010519491231002X', divisionCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    });
    expect(validateResidentId('440524188001010014', AS_OF)).toEqual({
      ok: true,
      value: { id: '440524188001010014', divisionCode: '440524', birthDate: '1880-01-01', sex: 'male' },
    });
  });

  it('accepts computed valid numbers and derives sex from the 17th digit', () => {
    const male = withCheckDigit('43052419900101123');
    const female = withCheckDigit('43052419900101124');
    expect(validateResidentId(male, AS_OF)).toMatchObject({
      ok: true,
      value: { sex: 'male', birthDate: '1990-01-01' },
    });
    expect(validateResidentId(female, AS_OF)).toMatchObject({ ok: true, value: { sex: 'female' } });
    // leap day
    expect(validateResidentId(withCheckDigit('43052420000229001'), AS_OF)).toMatchObject({
      ok: true,
      value: { birthDate: '2000-02-29' },
    });
  });

  it('agrees with the independent check-digit helper on many numbers', () => {
    for (let seq = 0; seq < 1000; seq += 7) {
      const first17 = `5201021985061${String(seq).padStart(4, '0')}`;
      expect(residentIdCheckDigit(first17)).toBe(withCheckDigit(first17)[17]);
    }
  });

  it('normalises a lowercase x check digit', () => {
    expect(validateResidentId('11010519491231002x', AS_OF)).toMatchObject({
      ok: true,
      value: { id: '11010519491231002X' },
    });
  });

  it('refuses a wrong check digit', () => {
    const result = validateResidentId('110105194912310021', AS_OF);
    expect(result).toMatchObject({ ok: false, rule: 'check_digit' });
    if (!result.ok) {
      expect(result.message['zh-CN']).toContain('校验码');
      expect(result.message.en).toContain('check digit');
    }
  });

  it('refuses the wrong length', () => {
    expect(validateResidentId('11010519491231002', AS_OF)).toMatchObject({ ok: false, rule: 'length' });
    expect(validateResidentId('11010519491231002X1', AS_OF)).toMatchObject({ ok: false, rule: 'length' });
    expect(validateResidentId('', AS_OF)).toMatchObject({ ok: false, rule: 'length' });
    expect(validateResidentId(' 11010519491231002X ', AS_OF)).toMatchObject({
      ok: true,
      value: { id: '11010519491231002X' },
    });
  });

  it('refuses non-digits', () => {
    expect(validateResidentId('1101051949123100XX', AS_OF)).toMatchObject({ ok: false, rule: 'format' });
    expect(validateResidentId('11010519491231002Y', AS_OF)).toMatchObject({ ok: false, rule: 'format' });
    expect(validateResidentId('11010519491231 02X', AS_OF)).toMatchObject({ ok: false, rule: 'format' });
    expect(validateResidentId('１１0105194912310021', AS_OF)).toMatchObject({ ok: false, rule: 'format' });
  });

  it('refuses an unknown province code', () => {
    expect(validateResidentId(withCheckDigit('00010519491231002'), AS_OF)).toMatchObject({
      ok: false,
      rule: 'division',
    });
    expect(validateResidentId(withCheckDigit('99010519491231002'), AS_OF)).toMatchObject({
      ok: false,
      rule: 'division',
    });
    expect(validateResidentId(withCheckDigit('81000019800101002'), AS_OF)).toMatchObject({ ok: true });
  });

  it('refuses a birth date that does not exist or lies in the future', () => {
    expect(validateResidentId(withCheckDigit('43052419990230123'), AS_OF)).toMatchObject({
      ok: false,
      rule: 'birth_date',
    });
    expect(validateResidentId(withCheckDigit('43052419991301123'), AS_OF)).toMatchObject({
      ok: false,
      rule: 'birth_date',
    });
    expect(validateResidentId(withCheckDigit('43052419000229123'), AS_OF)).toMatchObject({
      ok: false,
      rule: 'birth_date',
    });
    expect(validateResidentId(withCheckDigit('43052417990101123'), AS_OF)).toMatchObject({
      ok: false,
      rule: 'birth_date',
    });
    expect(validateResidentId(withCheckDigit('43052420240701123'), AS_OF)).toMatchObject({
      ok: false,
      rule: 'birth_date',
    });
    expect(validateResidentId(withCheckDigit('43052420240630123'), AS_OF)).toMatchObject({ ok: true });
  });

  it('requires a real asOf date', () => {
    expect(() => validateResidentId('11010519491231002X', '2024-02-30')).toThrow(RangeError);
  });
});

describe('birthDateMatches', () => {
  it('compares the declared birth date with the one in the number', () => {
    expect(birthDateMatches('11010519491231002X', '1949-12-31')).toBe(true);
    expect(birthDateMatches('11010519491231002x', '1949-12-31')).toBe(true);
    expect(birthDateMatches('11010519491231002X', '1949-12-30')).toBe(false);
    expect(birthDateMatches('11010519491231002X', '19491231')).toBe(false);
    expect(birthDateMatches('not-an-id', '1949-12-31')).toBe(false);
  });
});
