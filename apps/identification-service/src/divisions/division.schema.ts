import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

/** A division code of any level: province 2, city 4, county 6, township 9, village 12 digits (GB/T 2260 +). */
export const divisionCode = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'must be a division code of 2, 4, 6, 9 or 12 digits');

export const divisionLoadBody = z
  .object({
    /** The county whose townships and villages are loaded (and the county itself). */
    countyCode: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
    divisions: z
      .array(
        z
          .object({
            code: divisionCode,
            name: z.string().trim().min(1).max(100),
            /** 农村人口 (the incidence denominator): a whole number ≥ 0; omitted keeps the recorded one, null clears it. */
            ruralPopulation: z
              .number()
              .int(bilingual('须为整数', 'must be a whole number'))
              .min(0, bilingual('不能小于 0', 'must be at least 0'))
              .max(100_000_000)
              .nullable()
              .optional(),
          })
          .strict(),
      )
      .min(1)
      .max(20_000),
  })
  .strict();
export type DivisionLoadInput = z.output<typeof divisionLoadBody>;

/** The county's division register loaded. */
export const divisionsLoaded = z
  .object({
    countyCode: z.string(),
    loaded: z.number().int().meta({ description: 'divisions written (inserted or updated)' }),
  })
  .meta({ id: 'DivisionsLoaded' });

export const divisionLevel = z
  .enum(['province', 'city', 'county', 'township', 'village'])
  .meta({ description: '省、市、县、乡镇、村' });

/** The divisions directly under a code: public, codes and names only. */
export const divisionChildren = z
  .object({
    parent: z.string(),
    divisions: z.array(z.object({ code: z.string(), name: z.string(), level: divisionLevel })),
  })
  .meta({ id: 'DivisionChildren', description: 'The divisions (行政区划) directly under a code' });
