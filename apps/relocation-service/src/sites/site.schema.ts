import { z } from 'zod';
import { PLACEMENTS, SITE_MODES } from '@fupin/relocation-rules';
import { bilingual } from '@fupin/service-kit';
import { countyCode } from '../areas/area.schema';

export const siteCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, bilingual('须为1–40位字母、数字、_或-', 'must be 1–40 letters, digits, _ or -'));

/** `POST /sites`: a resettlement site (安置点) of the county. */
export const siteBody = z
  .object({
    code: siteCode,
    name: z.string().trim().min(1).max(200),
    townshipCode: z
      .string()
      .regex(/^\d{9}$/, bilingual('须为9位乡镇代码', 'must be a 9-digit township code'))
      .meta({ description: 'the township the site lies in (its county is the first 6 digits)' }),
    mode: z.enum(SITE_MODES).meta({
      description: '就近 nearby, 跨区域 cross_region, 县域统一调配 county_unified, 依托产业园区 industrial_park',
    }),
    placement: z.enum(PLACEMENTS).meta({ description: '集中安置 / 分散安置' }),
    capacityHomes: z.number().int().min(1).max(100_000).meta({ description: 'homes the site can take' }),
    gps: z
      .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
      .strict()
      .optional(),
  })
  .strict();
export type SiteInput = z.output<typeof siteBody>;

export const siteQuery = z.object({ county: countyCode });

export const siteView = z
  .object({
    code: z.string(),
    name: z.string(),
    townshipCode: z.string(),
    countyCode: z.string(),
    mode: z.enum(SITE_MODES),
    placement: z.enum(PLACEMENTS),
    capacityHomes: z.number().int(),
    homesAllocated: z.number().int().meta({
      description: 'homes held by the cases planned to this site and not withdrawn (derived, never typed in)',
    }),
    homesFree: z.number().int(),
    gps: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  })
  .meta({ id: 'ResettlementSite', description: 'A resettlement site (安置点) with its homes allocated' });
export type SiteView = z.output<typeof siteView>;

export const siteList = z
  .object({ county: z.string(), sites: z.array(siteView) })
  .meta({ id: 'ResettlementSiteList', description: "The county's resettlement sites, by code" });

export const siteRegistered = z
  .object({ code: z.string() })
  .meta({ id: 'ResettlementSiteRegistered', description: 'The site registered; read it with GET /sites/{code}' });
export type SiteRegistered = z.output<typeof siteRegistered>;
