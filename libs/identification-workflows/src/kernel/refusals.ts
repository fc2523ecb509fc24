import type { LocalizedMessage } from '@fupin/localized';
import { refusalFailure, type RefusalStatus } from '@fupin/workflows';

/**
 * A refusal an update validator or handler throws: final, bilingual, typed (`details[0]` is the WorkflowRefusal the
 * HTTP side maps), with its HTTP status chosen here, where the refusal is made.
 */
export const refuse = (
  code: string,
  status: RefusalStatus,
  zh: string,
  en: string,
  more: { field?: string; data?: unknown } = {},
) => refusalFailure({ code, status, message: { 'zh-CN': zh, en }, ...more });

/** Rules of the procedures (@fupin/identification-rules, @fupin/exit-rules) that answer other than 409. */
const RULE_STATUS: Readonly<Record<string, RefusalStatus>> = {
  wrong_role: 403,
  wrong_level: 403,
  out_of_jurisdiction: 403,
  reason_required: 400,
  reason_too_long: 400,
  signature_required: 400,
  invalid_time: 400,
  invalid_village: 400,
  invalid_outcome: 400,
};
const RULE_FIELD: Readonly<Record<string, string>> = {
  reason_required: 'reason',
  reason_too_long: 'reason',
  signature_required: 'signatures',
};

/**
 * A procedure rule's refusal of one household's event (`prefix.rule`): who may not act 403, bad input 400, the
 * wrong moment 409. `named` puts the household in the message (a batch action says which household failed).
 */
export function ruleRefusal(
  prefix: string,
  refused: { rule: string; message: LocalizedMessage },
  householdId: string,
  named: boolean,
) {
  const { rule, message } = refused;
  return refuse(
    `${prefix}.${rule}`,
    RULE_STATUS[rule] ?? 409,
    named ? `户 ${householdId}：${message['zh-CN']}` : message['zh-CN'],
    named ? `household ${householdId}: ${message.en}` : message.en,
    { field: RULE_FIELD[rule], data: { householdId } },
  );
}
