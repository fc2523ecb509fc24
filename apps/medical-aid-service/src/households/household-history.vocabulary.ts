import { type HistoryDescriber, type Label, provenBy } from '@fupin/service-kit';

/** What medical aid's audit records about a household mean, in words (一户一档). */

const ENROLLMENT: Label = { 'zh-CN': '医疗救助参保确认', en: 'medical-aid enrollment' };
const CLAIM: Label = { 'zh-CN': '医疗救助报销', en: 'medical claim' };

/** The enrollment's statuses (EnrollmentStatus): a decision's record names the one it left by digest, and its own. */
const STATUSES: Record<string, Label> = {
  pending: { 'zh-CN': '待确认', en: 'pending' },
  approved: { 'zh-CN': '已确认参保', en: 'enrolled' },
  rejected: { 'zh-CN': '不予参保', en: 'not enrolled' },
  expired: { 'zh-CN': '逾期未确认', en: 'lapsed (not decided in time)' },
};
const provenStatus = provenBy(Object.keys(STATUSES).map((status) => ({ status })));
const status = (code: string) => ({ code, label: STATUSES[code] ?? { 'zh-CN': code, en: code } });

const enrollment: HistoryDescriber = (r) => {
  const m = /^enrollment\.(\w+)$/.exec(r.action);
  if (!m) return null;
  const from = provenStatus(r.beforeDigest)?.status;
  return {
    procedure: 'medical_enrollment',
    procedureLabel: ENROLLMENT,
    actionLabel: STATUSES[m[1]] ?? { 'zh-CN': m[1], en: m[1] },
    from: from === undefined ? null : status(from),
    to: status(m[1]),
  };
};

const CLAIM_ACTIONS: Record<string, Label> = {
  'claim.enter': { 'zh-CN': '出院录入报销单', en: 'claim entered at discharge' },
  'claim.settle': { 'zh-CN': '一站式结算', en: 'settled (one-stop)' },
  'claim.reject': { 'zh-CN': '不予报销', en: 'claim rejected' },
  'claim.pay': { 'zh-CN': '支付医院', en: 'paid to the hospital' },
  'claim.review.escalated': { 'zh-CN': '审核逾期督办', en: 'review deadline missed, escalated' },
};

/** A claim is a member's: the patient's name is part of what the file shows. */
export function medicalAidHistory(patients: ReadonlyMap<string, string>): readonly HistoryDescriber[] {
  const claim: HistoryDescriber = (r) => {
    const action = CLAIM_ACTIONS[r.action];
    if (!action) return null;
    const name = patients.get(r.subjectId);
    return {
      procedure: 'medical_claim',
      procedureLabel: CLAIM,
      actionLabel: name ? { 'zh-CN': `${action['zh-CN']}（${name}）`, en: `${action.en} (${name})` } : action,
    };
  };
  return [enrollment, claim];
}
