import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

export const villageCodeParam = z
  .string()
  .regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code'));

export const countyCode = z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code'));

/** `PUT /areas/:villageCode`: the county designates a village (or lifts the designation) for a year. */
export const areaBody = z
  .object({
    designated: z.boolean().meta({ description: 'true: the land cannot support its people (一方水土养不好一方人)' }),
    reason: z.string().trim().min(1, bilingual('须写明理由', 'a reason is required')).max(1000),
    year: z.number().int().min(2000).max(2100).meta({ description: 'the plan year of the designation' }),
  })
  .strict();
export type AreaInput = z.output<typeof areaBody>;

/** `GET /areas?county=`. */
export const areaQuery = z.object({ county: countyCode });

export const areaView = z
  .object({
    villageCode: z.string(),
    countyCode: z.string(),
    designated: z.boolean(),
    reason: z.string(),
    year: z.number().int(),
    decidedBy: z.string().meta({ description: 'subject of the officer who decided' }),
    decidedAt: z.iso.datetime(),
  })
  .meta({ id: 'RelocationArea', description: 'A village and whether it is a designated relocation area (搬迁区域)' });
export type AreaView = z.output<typeof areaView>;

export const areaList = z
  .object({ county: z.string(), areas: z.array(areaView) })
  .meta({ id: 'RelocationAreaList', description: "The county's villages with a relocation decision, by code" });
