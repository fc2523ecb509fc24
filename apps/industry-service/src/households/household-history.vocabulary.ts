import { LOAN_STEP_LABELS } from '@fupin/industry-rules';
import { type HistoryDescriber, type Label, type StepRef, actionTable } from '@fupin/service-kit';

/** What industry's audit records about a household mean, in words (一户一档). */

const PROCEDURES: Record<string, Label> = {
  loan: { 'zh-CN': '扶贫小额信贷', en: 'microcredit loan' },
  dividend: { 'zh-CN': '资产收益分红', en: 'dividend contract' },
  fiscal_support: { 'zh-CN': '产业奖补到户', en: 'fiscal support in kind' },
  employment: { 'zh-CN': '就业帮扶', en: 'employment' },
  industry: { 'zh-CN': '产业扶贫', en: 'industry support' },
};

const ACTIONS = {
  'industry.production_income': ['industry', '登记生产经营收入', 'production income recorded'],
  'industry.menu.choice': ['industry', '选择产业项目', 'chose from the village menu'],
  'industry.menu.no_labour': ['industry', '无劳动力，项目不可选', 'refused: no labour for the items'],
  'industry.loan.repayment': ['loan', '还款', 'repayment recorded'],
  'industry.loan.arrears': ['loan', '逾期督办', 'in arrears, escalated'],
  'industry.dividend.contract': ['dividend', '入股分红合同登记', 'contract recorded'],
  'industry.dividend.due': ['dividend', '应付分红到期', 'payment due'],
  'industry.dividend.paid': ['dividend', '分红到账', 'payment recorded'],
  'industry.dividend.missed': ['dividend', '分红逾期未付', 'payment missed'],
  'industry.fiscal.support': ['fiscal_support', '奖补到户决定', 'support decided'],
  'industry.fiscal.delivery': ['fiscal_support', '物资发放签收', 'delivery signed for'],
  'industry.fiscal.survival_check': ['fiscal_support', '成活核查', 'survival check'],
  'industry.employment.placed': ['employment', '就业安置', 'placed in a job'],
  'industry.employment.wage': ['employment', '工资发放', 'wage recorded'],
} as const;

const LOAN_EVENTS: Record<string, Label> = {
  applied: { 'zh-CN': '贷款申请', en: 'applied' },
  villageChecked: { 'zh-CN': '村级审核', en: 'village check' },
  bankDecided: { 'zh-CN': '银行审批', en: 'bank decision' },
  disbursed: { 'zh-CN': '放款', en: 'disbursed' },
  withdrawn: { 'zh-CN': '撤回', en: 'withdrawn' },
  misused: { 'zh-CN': '挪用认定', en: 'misuse found' },
  extended: { 'zh-CN': '展期', en: 'term extended' },
  repaid: { 'zh-CN': '结清', en: 'repaid' },
};

const loanStep = (code: string): StepRef | null =>
  code in LOAN_STEP_LABELS ? { code, label: LOAN_STEP_LABELS[code as keyof typeof LOAN_STEP_LABELS] } : null;

/**
 * The loan workflow's records: `industry.loan.applied` (to the village check) and `industry.loan.step.<event>`, whose
 * reason the service writes as "<from> → <to>" in step codes.
 */
const loan: HistoryDescriber = (r) => {
  const event = r.action === 'industry.loan.applied' ? 'applied' : /^industry\.loan\.step\.(\w+)$/.exec(r.action)?.[1];
  if (!event) return null;
  const moved = event === 'applied' ? ['', 'village_check'] : /^(\w+) → (\w+)$/.exec(r.reason ?? '')?.slice(1);
  return {
    procedure: 'loan',
    procedureLabel: PROCEDURES.loan,
    actionLabel: LOAN_EVENTS[event] ?? { 'zh-CN': event, en: event },
    from: moved ? loanStep(moved[0]) : null,
    to: moved ? loanStep(moved[1]) : null,
  };
};

export const INDUSTRY_HISTORY: readonly HistoryDescriber[] = [actionTable(PROCEDURES, ACTIONS), loan];
