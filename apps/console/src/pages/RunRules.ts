// What can be signed at a step, as the pure rules say (the console may not import them: the workflow refuses anything
// else with a 400 anyway). Rounds: libs/domain/identification-rules procedure.ts (nextStep, SEND_BACK_TARGETS,
// applyEvent: reject / send back / withdraw need a reason). Exits: libs/domain/exit-rules exit-procedure.ts (approve /
// reject at the signed steps, reject needs a reason, approve at household_agreement records the household's signature).
import type { IdentificationPaths } from '@fupin/api-client';
import { type MessageKey, type Translate, dictionaries } from '../i18n';

type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
export type RoundActionBody = JsonBody<IdentificationPaths['/rounds/{id}/actions']['post']>;
export type ExitActionBody = JsonBody<IdentificationPaths['/exits/{id}/actions']['post']>;
export type RoundStep = RoundActionBody['step'];
export type ExitStep = ExitActionBody['step'];
export type SignAction = RoundActionBody['action'];
export type RunKind = 'round' | 'exit';

/** Every step in procedure order (main line, re-examinations, terminal). */
export const ROUND_STEPS: readonly RoundStep[] = [
  'application',
  'household_survey',
  'village_group_assessment',
  'village_committee_assessment',
  'village_notice',
  'township_review',
  'township_notice',
  'county_cross_check',
  'county_approval',
  'county_announcement',
  'township_reexamination',
  'county_reexamination',
  'registered',
  'refused',
  'withdrawn',
];
export const EXIT_STEPS: readonly ExitStep[] = [
  'village_assessment',
  'task_force_check',
  'household_agreement',
  'village_notice',
  'county_approval',
  'county_announcement',
  'township_reexamination',
  'county_reexamination',
  'exited',
  'stays_registered',
];

const ROUND_SIGNED: readonly string[] = [
  'application',
  'household_survey',
  'village_group_assessment',
  'village_committee_assessment',
  'township_review',
  'county_cross_check',
  'county_approval',
];
const ROUND_TERMINAL: readonly string[] = ['registered', 'refused', 'withdrawn'];
const EXIT_SIGNED: readonly string[] = [
  'village_assessment',
  'task_force_check',
  'household_agreement',
  'county_approval',
];

/** The actions offered at a step; none at a notice's or a finished step (a re-examination is decided elsewhere). */
export function actionsAt(kind: RunKind, step: string): SignAction[] {
  if (kind === 'exit') return EXIT_SIGNED.includes(step) ? ['approve', 'reject'] : [];
  if (ROUND_SIGNED.includes(step))
    return step === 'application' ? ['approve', 'reject', 'withdraw'] : ['approve', 'reject', 'send_back', 'withdraw'];
  // a household may withdraw its application at any step before the end (撤回申请)
  return ROUND_STEPS.includes(step as RoundStep) && !ROUND_TERMINAL.includes(step) ? ['withdraw'] : [];
}

/** A reason is required for these (identification: reject, send back, withdraw; exit: reject). */
export function reasonRequired(kind: RunKind, action: SignAction): boolean {
  return kind === 'exit' ? action === 'reject' : action !== 'approve';
}

/** Approving the household agreement (贫困户认可签字) records each household's own signature. */
export const needsSignature = (kind: RunKind, step: string, action: SignAction) =>
  kind === 'exit' && step === 'household_agreement' && action === 'approve';

export const stepsOf = (kind: RunKind): readonly string[] => (kind === 'round' ? ROUND_STEPS : EXIT_STEPS);

/** The step's label in the chosen language (the step's code when the console does not know it). */
export function stepLabel(t: Translate, kind: RunKind, step: string): string {
  const key = `step.${kind}.${step}`;
  return key in dictionaries['zh-CN'] ? t(key as MessageKey) : step;
}
