/**
 * Receipt codes (回执码) for objections: what an objector keeps to look up the answer later.
 * Short enough to write down or read over the phone, long enough not to be guessed:
 * 12 characters of Crockford base32 (no I, L, O, U), 60 random bits.
 * The random bytes come from the caller (crypto.randomBytes in the service): this module stays pure.
 */

export const RECEIPT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_CODE_LENGTH = 12;

const VALID = new RegExp(`^[${RECEIPT_CODE_ALPHABET}]{${RECEIPT_CODE_LENGTH}}$`);

/**
 * A receipt code from 12 random bytes: each byte's low 5 bits pick one character. 256 is a multiple
 * of 32, so every character is uniformly distributed (no modulo bias).
 */
export function receiptCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < RECEIPT_CODE_LENGTH)
    throw new RangeError(`a receipt code needs ${RECEIPT_CODE_LENGTH} random bytes, got ${bytes.length}`);
  let code = '';
  for (let i = 0; i < RECEIPT_CODE_LENGTH; i++) code += RECEIPT_CODE_ALPHABET[bytes[i] & 31];
  return code;
}

/**
 * What a person typed back in → the stored code, or null if it cannot be one. Tolerant the way
 * Crockford base32 is meant to be: case-insensitive, spaces and hyphens ignored, O read as 0, I and L as 1.
 */
export function normalizeReceiptCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return VALID.test(code) ? code : null;
}

/** `7K3M9Q2XH4TB` → `7K3M-9Q2X-H4TB`, easier to copy by hand. */
export function formatReceiptCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
