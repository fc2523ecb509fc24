import { type HistoryDescriber, type Label } from '@fupin/service-kit';

/** What relocation's audit records about a household's cases mean, in words (一户一档). */

const PROCEDURES: Record<string, Label> = {
  relocation: { 'zh-CN': '易地扶贫搬迁', en: 'relocation' },
  renovation: { 'zh-CN': '危房改造', en: 'housing renovation' },
};

const ACTIONS: Record<string, Label> = {
  'relocation.consent': { 'zh-CN': '签订搬迁意愿书', en: 'consent signed' },
  'relocation.plan': { 'zh-CN': '报送搬迁方案', en: 'plan submitted' },
  'relocation.withdraw': { 'zh-CN': '农户退出', en: 'withdrawn by the household' },
  'relocation.renovation_applied': { 'zh-CN': '危房改造申请', en: 'renovation applied for' },
  'relocation.tranche.pay': { 'zh-CN': '补助资金拨付', en: 'subsidy tranche paid' },
  // the case workflow's history entries (relocation.<action>)
  'relocation.consented': { 'zh-CN': '签订搬迁意愿书', en: 'consent signed' },
  'relocation.plan_submitted': { 'zh-CN': '方案已报送', en: 'plan submitted' },
  'relocation.approve': { 'zh-CN': '审核通过', en: 'approved' },
  'relocation.reject': { 'zh-CN': '不予批准', en: 'refused' },
  'relocation.send_back': { 'zh-CN': '退回修改', en: 'sent back' },
  'relocation.milestone_recorded': { 'zh-CN': '记录建设节点', en: 'construction milestone recorded' },
  'relocation.tranche_approved': { 'zh-CN': '批准分期拨付', en: 'tranche payment approved' },
  'relocation.tranche_paid': { 'zh-CN': '分期补助已拨付', en: 'tranche paid' },
  'relocation.home_accepted': { 'zh-CN': '竣工验收', en: 'home accepted' },
  'relocation.moved_in': { 'zh-CN': '搬迁入住', en: 'moved in' },
  'relocation.reclamation_recorded': { 'zh-CN': '拆旧复垦', en: 'old house demolished, land reclaimed' },
  'relocation.follow_up_recorded': { 'zh-CN': '落实后续扶持', en: 'follow-up support recorded' },
  'relocation.completed': { 'zh-CN': '搬迁完成', en: 'completed' },
  'relocation.withdrawn': { 'zh-CN': '农户退出', en: 'withdrawn by the household' },
  'relocation.deadline_missed': { 'zh-CN': '逾期督办', en: 'deadline missed, escalated' },
};

/** Each case is a relocation or a renovation: the procedure follows the case the record is about. */
export function relocationHistory(caseKinds: ReadonlyMap<string, string>): readonly HistoryDescriber[] {
  return [
    (r) => {
      const action = ACTIONS[r.action];
      if (!action) return null;
      const procedure = caseKinds.get(r.subjectId) === 'renovation' ? 'renovation' : 'relocation';
      return { procedure, procedureLabel: PROCEDURES[procedure], actionLabel: action };
    },
  ];
}
