import { z } from 'zod';
import { judgedByRules, settlementInputShape } from '../policies/policy.schema';

/** The body's shape, documented; settleClaim judges it and names each bad field with its rule. */
export const previewBody = judgedByRules(settlementInputShape);
export type PreviewInput = z.output<typeof previewBody>;

const layer = (description: string) =>
  z
    .number()
    .int()
    .meta({ description: `${description}, in fen (分)` });

/** 一站式结算: what each layer pays of one claim, and what is left to the patient. */
export const settlement = z
  .object({
    basic: layer('basic medical insurance (基本医保)'),
    critical: layer('critical-illness insurance (大病保险)'),
    assistance: layer('medical assistance (医疗救助), registered poor only'),
    backstop: layer('backstop (兜底保障), registered poor only'),
    patientPays: layer('what the patient pays (个人自付), out-of-policy costs included'),
  })
  .meta({ id: 'Settlement', description: 'The layers of one claim (一站式结算), in integer fen' });
