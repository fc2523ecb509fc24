import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

export const countyCode = z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code'));

export const PARTNER_KINDS = ['enterprise', 'cooperative'] as const;

/** `POST /partners`: an enterprise or cooperative (经营主体) of the county, with the account payments go to. */
export const partnerBody = z
  .object({
    creditCode: z
      .string()
      .trim()
      .toUpperCase()
      .meta({ description: '统一社会信用代码 (GB 32100): 18 characters, the last one its check character' }),
    name: z.string().trim().min(1).max(200),
    kind: z.enum(PARTNER_KINDS).meta({ description: '企业 enterprise / 农民专业合作社 cooperative' }),
    countyCode,
    bankAccountRef: z
      .string()
      .trim()
      .min(1, bilingual('须填写收款账户', 'the account reference is required'))
      .max(200)
      .meta({ description: 'reference of the account payments go to (开户行及账号的登记编号)' }),
  })
  .strict();
export type PartnerInput = z.output<typeof partnerBody>;

export const partnerQuery = z.object({ county: countyCode });

export const partnerView = z
  .object({
    id: z.uuid(),
    creditCode: z.string(),
    name: z.string(),
    kind: z.enum(PARTNER_KINDS),
    countyCode: z.string(),
    bankAccountRef: z.string(),
    registeredBy: z.string(),
    registeredAt: z.iso.datetime(),
  })
  .meta({ id: 'IndustryPartner', description: 'An enterprise or cooperative (经营主体) of industry support' });
export type PartnerView = z.output<typeof partnerView>;

export const partnerList = z
  .object({ county: z.string(), partners: z.array(partnerView) })
  .meta({ id: 'IndustryPartnerList', description: "The county's partners, by name" });

export const partnerRegistered = z
  .object({ id: z.uuid() })
  .meta({ id: 'IndustryPartnerRegistered', description: 'The partner registered; read it with GET /partners/{id}' });
export type PartnerRegistered = z.output<typeof partnerRegistered>;
