import { isUniqueViolation } from './payment.refusals';

it('recognises a unique violation from pg, from Prisma model calls and from raw queries, and nothing else', () => {
  expect(isUniqueViolation({ code: '23505' })).toBe(true);
  expect(isUniqueViolation({ code: 'P2002' })).toBe(true);
  expect(isUniqueViolation({ meta: { driverAdapterError: { cause: { originalCode: '23505' } } } })).toBe(true);
  expect(isUniqueViolation({ code: 'P2010', message: 'Raw query failed. Code: `23505`' })).toBe(true);
  expect(isUniqueViolation(new Error('wrapper', { cause: { code: '23505' } }))).toBe(true);
  expect(isUniqueViolation({ code: '23503' })).toBe(false);
  expect(isUniqueViolation(new Error('boom'))).toBe(false);
  expect(isUniqueViolation(null)).toBe(false);
});
