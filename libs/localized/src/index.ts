/**
 * The two shapes every rule library, service and client shares for what people read: one message in Chinese and
 * English, and one broken rule on one input field. One definition, so a rule's refusal reaches the API unchanged.
 */

/** A message shown to people, in Chinese and English (提示信息). */
export interface LocalizedMessage {
  'zh-CN': string;
  en: string;
}

/** One broken rule on one input field: what the API turns into a 4xx naming the field and the rule. */
export interface RuleViolation {
  field: string;
  rule: string;
  message: LocalizedMessage;
}
