import { EXIT_STEP_LABELS } from '@fupin/exit-rules';
import { STEP_LABELS } from '@fupin/identification-rules';
import { CLEARING_STAGE_LABELS } from '@fupin/identification-workflows';
import { type HistoryDescriber, type Label, actionTable, stepProcedure } from '@fupin/service-kit';

/** What identification's audit records about a household mean, in words (一户一档). */

const PROCEDURES: Record<string, Label> = {
  application: { 'zh-CN': '农户申请', en: 'application' },
  identification: { 'zh-CN': '贫困户识别', en: 'identification' },
  exit: { 'zh-CN': '贫困户退出', en: 'household exit' },
  survey: { 'zh-CN': '入户调查', en: 'household survey' },
  monitoring: { 'zh-CN': '防止返贫监测', en: 'relapse monitoring' },
  relocation: { 'zh-CN': '易地扶贫搬迁', en: 'relocation' },
};

/** The verbs of the identification and exit procedures' history entries. */
const VERBS: Record<string, Label> = {
  approve: { 'zh-CN': '通过', en: 'approved' },
  reject: { 'zh-CN': '不通过', en: 'rejected' },
  send_back: { 'zh-CN': '退回', en: 'sent back' },
  notice_closed: { 'zh-CN': '公示期满', en: 'notice period ended' },
  objection: { 'zh-CN': '收到异议', en: 'objection received' },
  reexamination: { 'zh-CN': '复核', en: 're-examined' },
  deadline_missed: { 'zh-CN': '逾期督办', en: 'deadline missed, escalated' },
  withdraw: { 'zh-CN': '撤回申请', en: 'withdrawn' },
};

const OUTCOMES = { outcome: ['upheld', 'dismissed'] };

const ACTIONS = {
  'household.apply': ['application', '录入农户申请', 'application recorded'],
  'identification.round.open': ['identification', '启动识别程序', 'identification round opened'],
  'household.registered': ['identification', '建档立卡', 'registered'],
  'household.refused': ['identification', '不予纳入', 'refused'],
  'household.withdrawn': ['identification', '撤回申请', 'application withdrawn'],
  'exit.round.open': ['exit', '启动退出程序', 'exit round opened'],
  'household.exited': ['exit', '退出销号', 'exited (removed from the register)'],
  'household.exit_refused': ['exit', '不予退出，继续帮扶', 'exit stopped; stays registered'],
  'household.survey': ['survey', '录入收入调查（六算）', 'income survey recorded'],
  'household.survey.redo': ['survey', '重新录入收入调查', 'income survey redone'],
  'household.observation': ['survey', '记录生活条件（看）', 'living conditions recorded'],
  'household.causes': ['survey', '确定致贫原因和帮扶类别', 'poverty causes and category set'],
  'household.known_income': ['survey', '记入已知收入', 'known income recorded'],
  'household.relocated': ['relocation', '搬迁完成', 'relocation completed'],
  'household.relapsed': ['monitoring', '返贫', 'relapsed'],
  'monitoring.entered': ['monitoring', '纳入监测', 'entered monitoring'],
  'monitoring.checked': ['monitoring', '监测核查', 'monitoring check'],
  'monitoring.measure.assigned': ['monitoring', '落实帮扶措施', 'support measure assigned'],
  'monitoring.measure.overdue': ['monitoring', '帮扶措施逾期', 'support measure overdue'],
  'monitoring.clearing.proposed': ['monitoring', '提出风险消除', 'risk clearing proposed'],
  'monitoring.clearing.withdrawn': ['monitoring', '撤回风险消除', 'risk clearing withdrawn'],
  'monitoring.clearing.objection_answered': ['monitoring', '答复异议', 'objection answered'],
  'monitoring.clearing.rejected': ['monitoring', '风险消除未通过', 'risk clearing rejected'],
  'monitoring.clearing.cleared': ['monitoring', '风险消除', 'risk cleared'],
} as const;

/** `monitoring.clearing.<stage>.deadline_missed`: a missed deadline of a clearing stage, escalated. */
const clearingDeadline: HistoryDescriber = (r) => {
  const m = /^monitoring\.clearing\.(\w+)\.deadline_missed$/.exec(r.action);
  const stage = m && (CLEARING_STAGE_LABELS as Record<string, Label | undefined>)[m[1]];
  if (!stage) return null;
  return {
    procedure: 'monitoring',
    procedureLabel: PROCEDURES.monitoring,
    actionLabel: { 'zh-CN': `${stage['zh-CN']} · 逾期督办`, en: `${stage.en}: deadline missed, escalated` },
    from: { code: m[1], label: stage },
    to: null,
  };
};

export const IDENTIFICATION_HISTORY: readonly HistoryDescriber[] = [
  actionTable(PROCEDURES, ACTIONS),
  stepProcedure({
    prefix: 'identification',
    procedure: 'identification',
    procedureLabel: PROCEDURES.identification,
    steps: STEP_LABELS,
    verbs: VERBS,
    extras: OUTCOMES,
  }),
  stepProcedure({
    prefix: 'exit',
    procedure: 'exit',
    procedureLabel: PROCEDURES.exit,
    steps: EXIT_STEP_LABELS,
    verbs: VERBS,
    extras: OUTCOMES,
  }),
  clearingDeadline,
];
