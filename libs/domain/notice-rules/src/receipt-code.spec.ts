import { RECEIPT_CODE_ALPHABET, formatReceiptCode, normalizeReceiptCode, receiptCodeFromBytes } from './receipt-code';

describe('receipt codes (回执码)', () => {
  it('are 12 Crockford base32 characters from 12 random bytes', () => {
    const bytes = Uint8Array.from([0, 1, 2, 31, 32, 33, 255, 254, 100, 200, 17, 9]);
    const code = receiptCodeFromBytes(bytes);
    expect(code).toHaveLength(12);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(code).toBe('012Z01ZY48H9'); // low 5 bits: 0 1 2 31 0 1 31 30 4 8 17 9
    expect(code[3]).toBe('Z'); // 31
    expect(code[4]).toBe('0'); // 32 & 31 = 0
    expect(code[6]).toBe('Z'); // 255 & 31 = 31
  });

  it('never use the letters that read like digits or spell words', () => {
    expect(RECEIPT_CODE_ALPHABET).toHaveLength(32);
    for (const c of 'ILOU') expect(RECEIPT_CODE_ALPHABET).not.toContain(c);
  });

  it('use every character uniformly (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const c = receiptCodeFromBytes(new Uint8Array(12).fill(b))[0];
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    expect(new Set(counts.values())).toEqual(new Set([8]));
  });

  it('refuse too few random bytes', () => {
    expect(() => receiptCodeFromBytes(new Uint8Array(11))).toThrow(RangeError);
  });

  it('are read back tolerantly: case, hyphens, spaces, O/I/L', () => {
    expect(normalizeReceiptCode('7k3m-9q2x-h4tb')).toBe('7K3M9Q2XH4TB');
    expect(normalizeReceiptCode(' 7K3M 9Q2X H4TB ')).toBe('7K3M9Q2XH4TB');
    expect(normalizeReceiptCode('O0IL-0000-0000')).toBe('001100000000');
    expect(formatReceiptCode('7K3M9Q2XH4TB')).toBe('7K3M-9Q2X-H4TB');
  });

  it('refuse what cannot be a code', () => {
    expect(normalizeReceiptCode('7K3M9Q2XH4T')).toBeNull(); // 11
    expect(normalizeReceiptCode('7K3M9Q2XH4TBB')).toBeNull(); // 13
    expect(normalizeReceiptCode('7K3M9Q2XH4TU')).toBeNull(); // U is not in the alphabet
    expect(normalizeReceiptCode("' OR 1=1 --")).toBeNull();
    expect(normalizeReceiptCode('')).toBeNull();
  });
});
