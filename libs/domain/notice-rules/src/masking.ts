/**
 * Masking personal data for public notices (公示脱敏, SPEC §4): what the public sees of an ID or phone number.
 * Masks never reveal more than the fixed head and tail, whatever the input looks like.
 */

const MASK = '*';

/**
 * `430524198001011234` → `4305**********1234`: first 4 and last 4 characters kept, the 10 between starred.
 * Any other length keeps 4 + 4 only when at least 8 characters stay hidden, otherwise everything is starred.
 */
export function maskResidentId(id: string): string {
  const value = id.trim().toUpperCase();
  if (value.length < 16) return MASK.repeat(value.length);
  return value.slice(0, 4) + MASK.repeat(value.length - 8) + value.slice(-4);
}

/**
 * `13812345678` → `138****5678`: a mainland mobile number keeps its first 3 and last 4 digits.
 * Other numbers (landlines, extensions) keep at most the last 4 characters, and only when 7 or more are present.
 */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  if (/^1\d{10}$/.test(value)) return value.slice(0, 3) + MASK.repeat(4) + value.slice(-4);
  if (value.length < 7) return MASK.repeat(value.length);
  return MASK.repeat(value.length - 4) + value.slice(-4);
}
