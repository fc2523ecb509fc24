import { z } from 'zod';
import { MENU_ITEM_KINDS } from '@fupin/industry-rules';
import { bilingual } from '@fupin/service-kit';

export const villageParam = z
  .string()
  .regex(/^\d{12}$/, bilingual('须为12位村代码', 'must be a 12-digit village code'))
  .meta({ description: 'the village (12 digits)' });
export const yearParam = z.coerce.number().int().min(2000).max(2100);

const itemId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, bilingual('编号须为1至64位字母、数字或 _.-', 'must be 1–64 letters, digits or _.-'))
  .meta({ description: "the item's id on the menu, e.g. loan-2026" });

const title = z
  .object({ 'zh-CN': z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) })
  .strict()
  .meta({ description: 'the name shown to the household (defaults to the kind’s name)' });

const menuItem = z
  .object({
    itemId,
    kind: z.enum(MENU_ITEM_KINDS).meta({ description: '小额信贷, 入股分红, 财政奖补, 就业, 产业项目' }),
    requiresLabour: z.boolean().meta({ description: 'needs someone in the household able to work (有劳动能力)' }),
    title: title.optional(),
    terms: z
      .string()
      .trim()
      .min(1, bilingual('须写明该项的条件', 'the terms are required'))
      .max(2000)
      .meta({ description: 'the terms for the year (条件、标准), e.g. 年分红不低于3000元' }),
  })
  .strict();

/** `PUT /menus/:villageCode/:year`: every item the village offers for the year (replacing the previous ones). */
export const menuBody = z
  .object({ items: z.array(menuItem).max(100).meta({ description: 'the items, each itemId once' }) })
  .strict();
export type MenuInput = z.output<typeof menuBody>;

export const menuQuery = z.object({
  labourMembers: z.coerce
    .number()
    .int()
    .min(0)
    .max(50)
    .optional()
    .meta({ description: 'only the items a household with this many members able to work may choose' }),
});

export const menuView = z
  .object({
    villageCode: z.string(),
    year: z.number().int(),
    countyCode: z.string(),
    items: z.array(menuItem.extend({ title: title.nullable() }).strict()),
    updatedBy: z.string(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'VillageMenu', description: "A village's support menu for a year (扶贫菜单)" });
export type MenuView = z.output<typeof menuView>;

const signature = z
  .object({
    signedBy: z.string().trim().min(1).max(100).meta({ description: 'the household head (户主) or member who signed' }),
    signedOn: z.iso
      .date(bilingual('须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date'))
      .meta({ description: 'the day signed' }),
    documentRef: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .meta({ description: 'the signed paper’s reference (签字确认书编号)' }),
  })
  .strict();

/** `POST /households/:householdId/menu-choices`: the household's signed choice from its village's menu (点菜). */
export const choiceBody = z
  .object({
    year: z.number().int().min(2000).max(2100).meta({ description: 'the menu’s year' }),
    itemIds: z.array(z.string().trim().max(64)).max(20).meta({ description: 'the chosen items, each once' }),
    labourMembers: z
      .number()
      .int()
      .min(0)
      .max(50)
      .meta({ description: 'members able to work, as the household declares (0: 无劳动能力)' }),
    signature,
  })
  .strict();
export type ChoiceInput = z.output<typeof choiceBody>;

export const choiceView = z
  .object({
    id: z.uuid(),
    householdId: z.uuid(),
    villageCode: z.string(),
    year: z.number().int(),
    labourMembers: z.number().int(),
    items: z.array(
      z.object({ itemId: z.string(), kind: z.enum(MENU_ITEM_KINDS), requiresLabour: z.boolean(), terms: z.string() }),
    ),
    signature,
    recordedBy: z.string(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'MenuChoice', description: "A household's signed choice (点菜), as the village cadre recorded it" });
export type ChoiceView = z.output<typeof choiceView>;

export const noLabourRefusalView = z.object({
  year: z.number().int(),
  refusedItemIds: z.array(z.string()),
  labourMembers: z.number().int(),
  recordedBy: z.string(),
  recordedAt: z.iso.datetime(),
});
export type NoLabourRefusalView = z.output<typeof noLabourRefusalView>;

export const choiceList = z
  .object({
    householdId: z.uuid(),
    choices: z.array(choiceView),
    noLabourRefusals: z
      .array(noLabourRefusalView)
      .meta({ description: 'labour items refused for lack of labour, each pointed to 低保 (industry.no-labour)' }),
  })
  .meta({ id: 'MenuChoiceList', description: "The household's choices, by year, and its no-labour refusals" });
