import { clientAddress, clientKey } from './client-address';

describe('clientAddress', () => {
  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('10.0.0.5', '1.2.3.4', 0)).toBe('10.0.0.5');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('takes the address the trusted proxy saw, not what the client wrote', () => {
    expect(clientAddress('10.0.0.1', '6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.1', ['6.6.6.6', '203.0.113.7, 10.0.0.9'], 2)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.1', '203.0.113.7', 3)).toBe('203.0.113.7'); // fewer entries than hops: the leftmost
    expect(clientAddress('10.0.0.1', undefined, 1)).toBe('10.0.0.1');
  });
});

describe('clientKey', () => {
  it('is a stable hash, never the address', () => {
    expect(clientKey('203.0.113.7')).toBe(clientKey('203.0.113.7'));
    expect(clientKey('203.0.113.7')).not.toBe(clientKey('203.0.113.8'));
    expect(clientKey('203.0.113.7')).toMatch(/^[0-9a-f]{64}$/);
  });
});
