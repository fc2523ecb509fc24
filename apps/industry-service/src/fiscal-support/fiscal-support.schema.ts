import { z } from 'zod';
import { FISCAL_ITEM_KINDS, MAX_FISCAL_SUPPORT_FEN, MAX_SURVIVAL_MONTHS } from '@fupin/industry-rules';
import { bilingual } from '@fupin/service-kit';

const day = (description: string) =>
  z.iso.date(bilingual('须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date')).meta({ description });
const reference = (description: string) =>
  z.string().trim().min(1, bilingual('须填写凭证编号', 'a reference is required')).max(200).meta({ description });
const fen = (description: string) =>
  z
    .number()
    .int(bilingual('须为整数（分）', 'must be whole fen'))
    .min(1, bilingual('须大于0', 'must be above 0'))
    .meta({ description: `${description}, in fen (分)` });
const fenOut = (description: string) =>
  z
    .number()
    .int()
    .meta({ description: `${description}, in fen (分)` });
const county = z
  .string()
  .regex(/^\d{6}$/, bilingual('须为6位县级区划代码', 'must be a 6-digit county code'))
  .meta({ description: 'the county (县级区划代码)' });
export const yearParam = z.coerce.number().int().min(2000).max(2100);

const itemCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, bilingual('编码须为1至64位字母、数字或 _.-', 'must be 1–64 letters, digits or _.-'))
  .meta({ description: "the item's code in the catalogue, e.g. cattle-simmental" });

const catalogueItem = z
  .object({
    code: itemCode,
    nameZh: z.string().trim().min(1).max(100).meta({ description: '名称, e.g. 西门塔尔牛' }),
    nameEn: z.string().trim().min(1).max(100).meta({ description: 'the name in English, e.g. Simmental cattle' }),
    unit: z.string().trim().min(1).max(20).meta({ description: 'the unit counted: head 头, 只, mu 亩, 株 …' }),
    unitPriceFen: fen('the unit price').max(MAX_FISCAL_SUPPORT_FEN),
    kind: z.enum(FISCAL_ITEM_KINDS).meta({ description: 'livestock 畜禽, seedling 种苗, other' }),
    survivalMonths: z.number().int().min(0).max(MAX_SURVIVAL_MONTHS).optional().meta({
      description: 'months after the delivery before the survival check; default INDUSTRY_FISCAL_SURVIVAL_MONTHS',
    }),
  })
  .strict();

/** `PUT /fiscal-catalogues/:year`: the county's catalogue for the year, all its items (replacing the previous ones). */
export const catalogueBody = z
  .object({
    countyCode: county,
    items: z.array(catalogueItem).min(1).max(500).meta({ description: 'the items, each code once' }),
  })
  .strict();
export type CatalogueInput = z.output<typeof catalogueBody>;

export const catalogueQuery = z.object({ county });

export const catalogueView = z
  .object({
    countyCode: z.string(),
    year: z.number().int(),
    items: z.array(
      catalogueItem.extend({ unitPriceFen: fenOut('the unit price'), survivalMonths: z.number().int() }).strict(),
    ),
    updatedBy: z.string(),
    updatedAt: z.iso.datetime(),
  })
  .meta({
    id: 'FiscalCatalogue',
    description: "A county's catalogue of fiscal production support for a year (财政扶持目录)",
  });
export type CatalogueView = z.output<typeof catalogueView>;

/** `POST /fiscal-support`: items for a registered household, priced from the catalogue of the year decided. */
export const supportBody = z
  .object({
    householdId: z.uuid().meta({ description: 'a registered household (建档立卡户) of the county' }),
    catalogueYear: z
      .number()
      .int()
      .min(2000)
      .max(2100)
      .meta({ description: "the catalogue priced from: that of the household's county for the year of decidedOn" }),
    decidedOn: day('the day the support is decided (default today, China Standard Time)').optional(),
    lines: z
      .array(
        z
          .object({
            itemCode: itemCode,
            quantity: z
              .number()
              .int(bilingual('数量须为整数', 'must be a whole number'))
              .min(1)
              .max(1_000_000)
              .meta({ description: "whole units of the item's unit" }),
          })
          .strict(),
      )
      .min(1)
      .max(50)
      .meta({ description: 'catalogue items and quantities, each item once; amount = quantity × unit price' }),
  })
  .strict();
export type SupportInput = z.output<typeof supportBody>;

/** 交付签收: the household's signature for the items received. */
export const deliveryBody = z
  .object({
    signedBy: z.string().trim().min(1).max(100).meta({ description: 'who of the household signed (户主 or a member)' }),
    signedOn: day('the day signed: not before the decision, not after today'),
    documentRef: reference('the signed delivery receipt (签收单编号)'),
  })
  .strict();
export type DeliveryInput = z.output<typeof deliveryBody>;

/** 成活核查: how many of each line survive, with the evidence. */
export const survivalCheckBody = z
  .object({
    checkedOn: day('the day checked: from the delivery + the survival months, not after today'),
    lines: z
      .array(z.object({ itemCode: itemCode, surviving: z.number().int().min(0).max(1_000_000) }).strict())
      .min(1)
      .max(50)
      .meta({ description: 'every line of the support once: how many survive (存活/成活数)' }),
    evidenceRefs: z
      .array(reference('a photo, a village record, an inspection report'))
      .min(1, bilingual('须提供核查证据', 'evidence is required'))
      .max(20),
  })
  .strict();
export type SurvivalCheckInput = z.output<typeof survivalCheckBody>;

export const supportQuery = z
  .object({
    division: z
      .string()
      .regex(/^(\d{6}|\d{9}|\d{12})$/, bilingual('须为6、9或12位区划代码', 'must be a 6, 9 or 12-digit division code')),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    householdId: z.uuid().optional(),
  })
  .strict();

const signer = z.object({ subject: z.string(), at: z.iso.datetime() });

export const supportView = z
  .object({
    id: z.uuid(),
    householdId: z.uuid(),
    villageCode: z.string(),
    countyCode: z.string(),
    catalogueYear: z.number().int(),
    decidedOn: z.iso.date(),
    totalFen: fenOut('the total, the sum of the lines'),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    lines: z.array(
      z.object({
        itemCode: z.string(),
        nameZh: z.string(),
        nameEn: z.string(),
        unit: z.string(),
        kind: z.enum(FISCAL_ITEM_KINDS),
        quantity: z.number().int(),
        unitPriceFen: fenOut('the unit price of the catalogue'),
        amountFen: fenOut('quantity × unit price, exact'),
        survivalMonths: z.number().int(),
        surviving: z.number().int().nullable(),
        survivalRateBp: z
          .number()
          .int()
          .nullable()
          .meta({ description: 'surviving / quantity in basis points (万分比, 10000 = all), half-up' }),
      }),
    ),
    delivery: z
      .object({ signedBy: z.string(), signedOn: z.iso.date(), documentRef: z.string(), recordedBy: signer })
      .nullable(),
    survivalCheckFrom: z.iso.date().nullable().meta({ description: 'the first day the survival check is possible' }),
    survivalCheck: z
      .object({ checkedOn: z.iso.date(), evidenceRefs: z.array(z.string()), recordedBy: signer })
      .nullable(),
  })
  .meta({ id: 'FiscalSupport', description: 'Fiscal production support of a household (财政扶持产业)' });
export type SupportView = z.output<typeof supportView>;

export const supportList = z
  .object({ division: z.string(), supports: z.array(supportView) })
  .meta({ id: 'FiscalSupportList', description: 'Supports in the division, newest first' });

/** `POST /households/:householdId/production-income`: 生产经营性收入 sent to identification. */
export const productionIncomeBody = z
  .object({
    earnedOn: day('the day earned (sale of livestock or crops): not after today'),
    amountFen: fen('the income earned').max(100_000_000),
    reference: reference('what it is: the sale, the buyer’s receipt …'),
  })
  .strict();
export type ProductionIncomeInput = z.output<typeof productionIncomeBody>;

export const productionIncomeView = z
  .object({
    incomeId: z.uuid().meta({ description: 'the incomeId of the income.recorded event' }),
    householdId: z.uuid(),
    villageCode: z.string(),
    source: z.literal('production'),
    earnedOn: z.iso.date(),
    amountFen: fenOut('the income'),
    reference: z.string(),
    recordedBy: z.string(),
    recordedAt: z.iso.datetime(),
  })
  .meta({
    id: 'ProductionIncome',
    description: 'Production income recorded and sent to identification as income.recorded (known income, 六算)',
  });
export type ProductionIncomeView = z.output<typeof productionIncomeView>;

export const productionIncomeList = z
  .object({ householdId: z.uuid(), incomes: z.array(productionIncomeView) })
  .meta({ id: 'ProductionIncomeList' });
