/**
 * The village's support menu (扶贫菜单) for a year and a household's choice from it (点菜): the village offers items —
 * microcredit (小额信贷), equity dividends (资产收益/入股分红), fiscal production support (财政产业奖补), employment
 * (就业), projects (产业项目) — and a registered household picks some, signing for its choice. Pure.
 *
 * Decisions:
 * - The choice names menu items by `itemId`; an item not on the village's menu for that year is refused, and so is
 *   an item chosen twice.
 * - A household without labour (无劳动能力) cannot take an item that needs labour: `no_labour` on that item, the
 *   message pointing to social assistance (低保兜底, civil affairs), and `publishNoLabour` set so that the caller
 *   publishes `industry.no-labour` (civil affairs picks the household up). Items without labour (dividends) stay open.
 * - Only registered households (建档立卡户) choose. The household head's signature (who, the day, the signed paper's
 *   reference) is required.
 * - When the caller gives the household's village or the choice's year, the menu must be that village's for that year.
 */

import type { LocalizedMessage, RuleViolation } from '@fupin/localized';

export const MENU_ITEM_KINDS = ['loan', 'dividend', 'fiscal_support', 'employment', 'project'] as const;
export type MenuItemKind = (typeof MENU_ITEM_KINDS)[number];

export const MENU_ITEM_KIND_LABELS: Readonly<Record<MenuItemKind, LocalizedMessage>> = {
  loan: { 'zh-CN': '扶贫小额信贷', en: 'microcredit' },
  dividend: { 'zh-CN': '资产收益（入股分红）', en: 'equity dividends' },
  fiscal_support: { 'zh-CN': '财政产业奖补', en: 'fiscal production support' },
  employment: { 'zh-CN': '就业帮扶', en: 'employment support' },
  project: { 'zh-CN': '产业项目', en: 'industry project' },
};

/** The event the caller publishes when a household without labour asked for a labour item. */
export const NO_LABOUR_EVENT = 'industry.no-labour';

export interface MenuItem {
  itemId: string;
  kind: MenuItemKind;
  /** Needs someone in the household able to work (有劳动能力). */
  requiresLabour: boolean;
  title?: LocalizedMessage;
}

export interface VillageMenu {
  /** 12 digits. */
  villageCode: string;
  year: number;
  items: readonly MenuItem[];
}

export interface ChoiceSignature {
  /** The household head (户主) or the member who signs. */
  signedBy: string;
  /** YYYY-MM-DD */
  signedOn: string;
  /** Reference of the signed paper (签字确认书编号). */
  documentRef: string;
}

export interface MenuChoice {
  household: {
    /** 建档立卡户 */
    registered: boolean;
    /** Someone in the household is able to work. */
    hasLabour: boolean;
    /** When given, the menu must be this village's. */
    villageCode?: string;
  };
  /** The chosen items, by `itemId`. */
  itemIds: readonly string[];
  menu: VillageMenu;
  /** When given, the menu must be this year's. */
  year?: number;
  signature: ChoiceSignature;
}

export interface MenuChoiceCheck {
  /** Every broken rule; empty = the choice stands. */
  violations: RuleViolation[];
  /** Publish `industry.no-labour` (NO_LABOUR_EVENT): the household has no labour and asked for a labour item. */
  publishNoLabour: boolean;
  /** The labour items it asked for. */
  noLabourItemIds: string[];
}

const text = (s: unknown): string => (typeof s === 'string' ? s.trim() : '');
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: unknown): boolean => {
  if (typeof s !== 'string' || !DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};

function violation(field: string, rule: string, zh: string, en: string): RuleViolation {
  return { field, rule, message: { 'zh-CN': zh, en } };
}

const isKind = (k: unknown): k is MenuItemKind => (MENU_ITEM_KINDS as readonly unknown[]).includes(k);

/** Every rule the menu breaks: a 12-digit village, a year, items with an id (once), a known kind, the labour flag. */
export function checkVillageMenu(menu: VillageMenu): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!/^\d{12}$/.test(String(menu?.villageCode)))
    out.push(violation('villageCode', 'invalid_village', '村代码须为12位', 'villageCode must be 12 digits'));
  if (!Number.isSafeInteger(menu?.year) || menu.year < 2000 || menu.year > 2100)
    out.push(violation('year', 'menu_year', '菜单年度须为四位年份', 'year must be a year'));
  const items = Array.isArray(menu?.items) ? menu.items : [];
  if (!items.length) out.push(violation('items', 'menu_empty', '菜单须至少有一项', 'the menu needs at least one item'));
  const seen = new Set<string>();
  items.forEach((item, i) => out.push(...itemViolations(item, `items[${i}]`, seen)));
  return out;
}

function itemViolations(item: MenuItem, field: string, seen: Set<string>): RuleViolation[] {
  const id = text(item?.itemId);
  const out: RuleViolation[] = [];
  if (!id) out.push(violation(`${field}.itemId`, 'item_id', '菜单项须有编号', 'the item needs an itemId'));
  else if (seen.has(id))
    out.push(violation(`${field}.itemId`, 'duplicate_item', `菜单项${id}重复`, `item ${id} appears twice`));
  seen.add(id);
  if (!isKind(item?.kind))
    out.push(
      violation(
        `${field}.kind`,
        'item_kind',
        `菜单项类别须为${MENU_ITEM_KINDS.join('、')}之一`,
        `kind must be one of ${MENU_ITEM_KINDS.join(', ')}`,
      ),
    );
  if (typeof item?.requiresLabour !== 'boolean')
    out.push(
      violation(
        `${field}.requiresLabour`,
        'requires_labour',
        '须标明是否需要劳动力',
        'requiresLabour must be true or false',
      ),
    );
  return out;
}

const itemName = (item: MenuItem): LocalizedMessage => item.title ?? MENU_ITEM_KIND_LABELS[item.kind];

function noLabour(item: MenuItem, field: string): RuleViolation {
  const name = itemName(item);
  return violation(
    field,
    'no_labour',
    `该户无劳动能力，不能选择需要劳动力的“${name['zh-CN']}”；请转民政部门纳入低保等社会救助兜底保障`,
    `the household has no one able to work and ${name.en} needs labour; refer it to civil affairs for ` +
      'the minimum living allowance (低保) and other social assistance',
  );
}

function householdViolations(choice: MenuChoice): RuleViolation[] {
  const out: RuleViolation[] = [];
  const { household, menu } = choice;
  if (household?.registered !== true)
    out.push(
      violation(
        'household.registered',
        'registered_household',
        '只有建档立卡户可以点菜',
        'only registered households choose',
      ),
    );
  if (household?.villageCode !== undefined && household.villageCode !== menu?.villageCode)
    out.push(
      violation(
        'menu.villageCode',
        'wrong_menu',
        `菜单属于村${String(menu?.villageCode)}，不是本户所在村${household.villageCode}`,
        `the menu is village ${String(menu?.villageCode)}'s, not the household's village ${household.villageCode}`,
      ),
    );
  if (choice.year !== undefined && choice.year !== menu?.year)
    out.push(
      violation(
        'menu.year',
        'wrong_menu',
        `菜单为${String(menu?.year)}年度，不是${choice.year}年度`,
        `the menu is for ${String(menu?.year)}, not ${choice.year}`,
      ),
    );
  return out;
}

function signatureViolations(s: ChoiceSignature | undefined): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!text(s?.signedBy))
    out.push(violation('signature.signedBy', 'signature_required', '须由户主签字确认', 'the household must sign'));
  if (!isDate(s?.signedOn))
    out.push(
      violation('signature.signedOn', 'signature_date', '签字日期须为 YYYY-MM-DD', 'signedOn must be YYYY-MM-DD'),
    );
  if (!text(s?.documentRef))
    out.push(
      violation(
        'signature.documentRef',
        'signature_document',
        '须登记签字确认书编号',
        'the signed document reference is required',
      ),
    );
  return out;
}

/** The chosen items' problems (none chosen, twice, not on the menu, labour without labour) and the labour items. */
function itemChoiceViolations(choice: MenuChoice): { violations: RuleViolation[]; noLabourItemIds: string[] } {
  const ids = Array.isArray(choice.itemIds) ? choice.itemIds.map(text) : [];
  const violations: RuleViolation[] = [];
  const noLabourItemIds: string[] = [];
  if (!ids.length)
    violations.push(violation('itemIds', 'choice_required', '须至少选择一项', 'choose at least one item'));
  const menuItems = Array.isArray(choice.menu?.items) ? choice.menu.items : [];
  ids.forEach((id, i) => {
    const field = `itemIds[${i}]`;
    const item = menuItems.find((m) => text(m.itemId) === id);
    if (ids.indexOf(id) !== i)
      violations.push(violation(field, 'duplicate_item', `${id}重复选择`, `${id} is chosen twice`));
    else if (!item)
      violations.push(violation(field, 'not_on_menu', `${id}不在本村本年度菜单上`, `${id} is not on the menu`));
    else if (item.requiresLabour && choice.household?.hasLabour !== true) {
      violations.push(noLabour(item, field));
      noLabourItemIds.push(id);
    }
  });
  return { violations, noLabourItemIds };
}

/**
 * Check a household's choice from the village menu (点菜). Returns every violation; `publishNoLabour` tells the caller
 * to publish `industry.no-labour` when the household, having no labour, asked for an item that needs it.
 */
export function checkMenuChoice(choice: MenuChoice): MenuChoiceCheck {
  const items = itemChoiceViolations(choice);
  const violations = [...householdViolations(choice), ...items.violations, ...signatureViolations(choice.signature)];
  return { violations, publishNoLabour: items.noLabourItemIds.length > 0, noLabourItemIds: items.noLabourItemIds };
}

/** The menu's items a household may choose: all of them, or those without labour for a household without labour. */
export function availableMenuItems(menu: VillageMenu, hasLabour: boolean): MenuItem[] {
  return menu.items.filter((item) => hasLabour || !item.requiresLabour);
}
