import { type ChainedRecord, digest } from '@fupin/audit';
import { actionTable, householdHistoryOf, householdHistory, provenBy, stepProcedure } from './household-history';

const HOUSEHOLD = '6f1c2b9e-3d4a-4e5f-8a7b-9c0d1e2f3a4b';

function record(over: Partial<ChainedRecord> & { before?: unknown; after?: unknown }): ChainedRecord {
  const { before, after, ...rest } = over;
  return {
    seq: 7n,
    id: '00000000-0000-4000-8000-000000000007',
    actorSubject: 'cadre-li',
    actorRole: 'village_cadre',
    jurisdiction: '430523101201',
    action: 'household.apply',
    subjectType: 'household',
    subjectId: HOUSEHOLD,
    beforeDigest: digest(before),
    afterDigest: digest(after),
    reason: null,
    occurredAt: '2026-03-01T02:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...rest,
  };
}

const steps = {
  village_review: { 'zh-CN': '村级评议', en: 'village review' },
  township_review: { 'zh-CN': '乡镇审核', en: 'township review' },
  done: { 'zh-CN': '完成', en: 'done' },
};
const procedure = stepProcedure({
  prefix: 'demo',
  procedure: 'demo',
  procedureLabel: { 'zh-CN': '示例程序', en: 'demo procedure' },
  steps,
  verbs: { approve: { 'zh-CN': '通过', en: 'approved' } },
  extras: { outcome: ['upheld', 'dismissed'] },
});
const table = actionTable(
  { application: { 'zh-CN': '农户申请', en: 'application' } },
  { 'household.apply': ['application', '录入农户申请', 'application recorded'] },
);
const read = (records: ChainedRecord[]) =>
  householdHistoryOf('demo-service', HOUSEHOLD, { records, truncated: false }, [table, procedure]);

describe('household history (一户一档) from audit records', () => {
  it('names the step moved to only when the after-digest proves it', () => {
    const proven = read([
      record({
        action: 'demo.village_review.approve',
        before: { step: 'village_review' },
        after: { step: 'township_review' },
      }),
      record({ action: 'demo.township_review.approve', after: { step: 'done', outcome: 'upheld' } }),
      record({ action: 'demo.township_review.approve', after: { step: 'done', objectionId: 'o-1' } }),
    ]).entries;
    expect(proven.map((e) => [e.from?.code, e.to?.code ?? null])).toEqual([
      ['village_review', 'township_review'],
      ['township_review', 'done'],
      ['township_review', null], // an after-state with an objection's id proves nothing
    ]);
    expect(proven[0].actionLabel).toEqual({ 'zh-CN': '村级评议 · 通过', en: 'village review: approved' });
    expect(proven[0].to?.label).toEqual(steps.township_review);
  });

  it('labels actions known by name, keeps unknown ones raw, and shows who signed and when', () => {
    const { entries } = read([
      record({ reason: '农户申请' }),
      record({ action: 'demo.unknown_step.approve', actorRole: 'system', actorSubject: 'system:procedure' }),
    ]);
    expect(entries[0]).toEqual({
      service: 'demo-service',
      seq: '7',
      at: '2026-03-01T02:00:00.000Z',
      procedure: 'application',
      procedureLabel: { 'zh-CN': '农户申请', en: 'application' },
      action: 'household.apply',
      actionLabel: { 'zh-CN': '录入农户申请', en: 'application recorded' },
      from: null,
      to: null,
      signedBy: { subject: 'cadre-li', role: 'village_cadre', jurisdiction: '430523101201', system: false },
      reason: '农户申请',
      subject: { type: 'household', id: HOUSEHOLD },
    });
    expect(entries[1]).toMatchObject({
      procedure: 'demo',
      actionLabel: { 'zh-CN': 'demo.unknown_step.approve', en: 'demo.unknown_step.approve' },
      from: null,
      signedBy: { system: true },
    });
    expect(householdHistory.safeParse(read([record({})])).success).toBe(true);
  });

  it('proves a state among candidates by its digest, whatever the key order', () => {
    const prove = provenBy([{ status: 'pending' }, { status: 'approved' }]);
    expect(prove(digest({ status: 'approved' }))).toEqual({ status: 'approved' });
    expect(prove(digest({ status: 'approved', reason: 'x' }))).toBeUndefined();
    expect(prove(null)).toBeUndefined();
  });
});
