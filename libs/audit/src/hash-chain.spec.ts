import { GENESIS_HASH, type ChainedRecord, canonicalJson, recordHash, verifyChain, digest } from './hash-chain';

function chain(n: number): ChainedRecord[] {
  const out: ChainedRecord[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const r = {
      seq: BigInt(i),
      id: `00000000-0000-4000-8000-00000000000${i}`,
      actorSubject: 'u1',
      actorRole: 'county_approver',
      jurisdiction: '430523',
      action: 'household.approve',
      subjectType: 'household',
      subjectId: `h${i}`,
      beforeDigest: null,
      afterDigest: digest({ i }),
      reason: '符合条件',
      occurredAt: new Date(Date.UTC(2026, 0, i)).toISOString(),
      prevHash: prev,
    };
    const rec = { ...r, hash: recordHash(r) };
    out.push(rec);
    prev = rec.hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual([]);
  });
  it('detects an edited field', () => {
    const c = chain(5);
    c[2] = { ...c[2], reason: '关系户' };
    expect(verifyChain(c)).toEqual([{ seq: '3', problem: 'hash_mismatch' }]);
  });
  it('detects a deleted record in the middle', () => {
    const c = chain(5);
    c.splice(1, 1);
    const problems = verifyChain(c).map((p) => p.problem);
    expect(problems).toContain('gap');
    expect(problems).toContain('broken_link');
  });
  it('detects a record re-hashed after editing (its successor no longer links)', () => {
    const c = chain(4);
    const { hash: _h, ...rest } = { ...c[1], action: 'household.reject' };
    c[1] = { ...rest, hash: recordHash(rest) };
    expect(verifyChain(c)).toEqual([{ seq: '3', problem: 'broken_link', expectedPrev: c[1].hash }]);
  });
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, 2] }, b: 1 }));
    expect(digest({ a: 1 })).toBe(digest({ a: 1 }));
    expect(digest(undefined)).toBeNull();
  });
});
