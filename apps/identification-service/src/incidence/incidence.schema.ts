import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

/** `?division=`: a county (6), township (9) or village (12) code. */
export const incidenceDivision = z
  .string()
  .regex(
    /^(\d{6}|\d{9}|\d{12})$/,
    bilingual(
      '须为县（6位）、乡镇（9位）或村（12位）区划代码',
      'must be a county (6), township (9) or village (12) code',
    ),
  );

export const localizedMessage = z.object({ 'zh-CN': z.string(), en: z.string() });

/** An exact fraction in lowest terms (比率); decisions compare it exactly, never in floating point. */
export const ratio = z.object({ numerator: z.number().int(), denominator: z.number().int() });

/** 贫困发生率 of an area: registered poor people not exited / rural population. */
export const povertyIncidence = z
  .object({
    ratio,
    bp: z.number().int().meta({ description: 'basis points rounded half-up, for display (10000 = 100 %)' }),
    poorNotExited: z.number().int(),
    ruralPopulation: z.number().int(),
  })
  .meta({ id: 'PovertyIncidence', description: '贫困发生率: exact ratio and basis points' });

export const villageIncidence = z.object({
  code: z.string(),
  name: z.string().nullable().meta({ description: 'null for a village with households but not in the register' }),
  poorNotExited: z.number().int().meta({ description: "people of the village's registered, not exited households" }),
  ruralPopulation: z.number().int().nullable().meta({ description: '农村人口; null when not recorded' }),
  incidence: povertyIncidence.nullable(),
  mayExit: z.boolean().meta({ description: 'strictly below the line: 贫困村退出 may be proposed' }),
  problem: z.enum(['rural_population_missing', 'rural_population_below_poor']).nullable(),
  message: localizedMessage,
});

export const incidenceReport = z
  .object({
    divisionCode: z.string(),
    level: z.enum(['village', 'township', 'county']),
    western: z.boolean().meta({ description: 'in a western province (西部地区): the 3 % line applies' }),
    thresholdBp: z.number().int().meta({ description: 'the line that applies, basis points (200 = 2 %)' }),
    villages: z.array(villageIncidence),
    aggregate: z.object({
      incidence: povertyIncidence.nullable().meta({ description: 'null when a village has a problem or none exists' }),
      belowLine: z.boolean(),
      message: localizedMessage,
    }),
    missingRuralPopulation: z.array(z.string()).meta({ description: 'villages without a usable rural population' }),
  })
  .meta({ id: 'IncidenceReport', description: '贫困发生率 per village and for the area, against its line' });
