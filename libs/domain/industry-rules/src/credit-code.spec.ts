import {
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_WEIGHTS,
  checkCreditCode,
  creditCodeCheckChar,
  normalizeCreditCode,
  parseCreditCode,
} from './credit-code';

// Valid vectors: each one's check character computed with the GB 32100-2015 algorithm here and, independently, with
// a short Python script (alphabet index · weight, 31 − sum mod 31, 31 → 0).
const VALID = [
  '91350100M000100Y43', // the widely cited example
  '91110000802100433B',
  '91440300708461136T',
  '52430523MJJ0000003', // 民政 / 民办非企业单位, county 430523
  '93430523MA4L000008', // 农民专业合作社
  'N2430523MF1234567K', // 村级集体经济组织
  '91430523MA4L0000G0', // Σ mod 31 = 0: the check value 31 is written 0
  '91430523MA4L0000TY', // check value 30: Y, the alphabet's last character
];

const rules = (code: unknown) => checkCreditCode(code).map((v) => v.rule);

describe('credit code alphabet and weights (GB 32100-2015)', () => {
  it('has 31 characters without I, O, Z, S, V and 17 weights 3^i mod 31', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const ch of 'IOZSV') expect(CREDIT_CODE_ALPHABET).not.toContain(ch);
    expect(CREDIT_CODE_WEIGHTS).toHaveLength(17);
    CREDIT_CODE_WEIGHTS.forEach((w, i) => expect(w).toBe(3 ** i % 31));
  });

  it('computes the check character, or null for a wrong length or character', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91430523MA4L0000G')).toBe('0');
    expect(creditCodeCheckChar('91430523MA4L0000T')).toBe('Y');
    expect(creditCodeCheckChar('91350100M000100Y')).toBeNull();
    expect(creditCodeCheckChar('91350100M000100I4')).toBeNull();
  });
});

describe('checkCreditCode (统一社会信用代码)', () => {
  it.each(VALID)('accepts %s', (code) => {
    expect(checkCreditCode(code)).toEqual([]);
  });

  it('accepts lowercase and surrounding spaces by normalizing', () => {
    expect(normalizeCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(checkCreditCode('91350100m000100y43')).toEqual([]);
    expect(checkCreditCode(' 91350100M000100Y43\n')).toEqual([]);
  });

  it('refuses a wrong check character, naming the expected one', () => {
    const v = checkCreditCode('91350100M000100Y44');
    expect(v).toEqual([
      {
        field: 'creditCode',
        rule: 'credit_code_check',
        message: { 'zh-CN': '校验码应为3，不是4', en: 'the check character should be 3, not 4' },
      },
    ]);
  });

  it('refuses a changed character elsewhere (the check catches it)', () => {
    expect(rules('91350100M000100Y53')).toEqual(['credit_code_check']);
    expect(rules('91350100M000010Y43')).toEqual(['credit_code_check']); // two characters swapped
  });

  it('refuses a wrong length', () => {
    expect(rules('91350100M000100Y4')).toEqual(['credit_code_length']);
    expect(rules('91350100M000100Y433')).toEqual(['credit_code_length']);
    expect(rules('')).toEqual(['credit_code_length']);
    expect(checkCreditCode('123')[0].message.en).toBe('must be 18 characters, got 3');
  });

  it('refuses non-strings as an empty code', () => {
    expect(rules(undefined)).toEqual(['credit_code_length']);
    expect(rules(913501001)).toEqual(['credit_code_length']);
  });

  it('refuses the letters I, O, Z, S, V and other characters, naming the positions', () => {
    const v = checkCreditCode('91350100M0001OOY43');
    expect(v.map((x) => x.rule)).toEqual(['credit_code_charset']);
    expect(v[0].message.en).toContain('14:O, 15:O');
    expect(rules('91350100I000100Y43')).toEqual(['credit_code_charset']);
    expect(rules('9135010-M000100Y43')).toEqual(['credit_code_charset']);
    expect(rules('S1350100M000100Y43')).toEqual(['credit_code_charset']);
  });

  it('reports length and charset together and skips the check then', () => {
    expect(rules('91350100Z000100')).toEqual(['credit_code_length', 'credit_code_charset']);
  });

  it('refuses an unknown registration authority and a division code that is not 6 digits', () => {
    const unknownAuthority = `B1430523MA4L00000${creditCodeCheckChar('B1430523MA4L00000')}`;
    expect(rules(unknownAuthority)).toEqual(['credit_code_authority']);
    const letterDivision = `9143A523MA4L00000${creditCodeCheckChar('9143A523MA4L00000')}`;
    expect(rules(letterDivision)).toEqual(['credit_code_division']);
  });

  it('puts the violations on the given field', () => {
    expect(checkCreditCode('x', 'partner.creditCode').every((v) => v.field === 'partner.creditCode')).toBe(true);
  });
});

describe('parseCreditCode', () => {
  it('splits a valid code into its parts', () => {
    expect(parseCreditCode('93430523ma4l000008')).toEqual({
      ok: true,
      parts: {
        code: '93430523MA4L000008',
        authority: '9',
        authorityLabel: { 'zh-CN': '工商（市场监管）', en: 'industry and commerce (market regulation)' },
        category: '3',
        divisionCode: '430523',
        organizationCode: 'MA4L00000',
        checkChar: '8',
      },
    });
  });

  it('returns the violations of an invalid code', () => {
    const r = parseCreditCode('91350100M000100Y44', 'partner.creditCode');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.violations.map((v) => [v.field, v.rule])).toEqual([['partner.creditCode', 'credit_code_check']]);
  });
});
