import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import {
  type VillageMenu,
  availableMenuItems,
  checkMenuChoice,
  checkVillageMenu,
  shanghaiDay,
} from '@fupin/industry-rules';
import type { RuleViolation } from '@fupin/localized';
import { actorOf } from '../actor';
import { ruleRefusal } from '../partners/partner.refusals';
import { MenuRepository } from './menu.repository';
import { menuRefusals } from './menu.refusals';
import type { ChoiceInput, ChoiceView, MenuInput, MenuView } from './menu.schema';

const asRule = (m: MenuView): VillageMenu => ({
  villageCode: m.villageCode,
  year: m.year,
  items: m.items.map((i) => ({ ...i, title: i.title ?? undefined })),
});

/**
 * 扶贫菜单 and 点菜: the county's industry office sets each village's menu for the year; the village cadre records a
 * registered household's signed choice from it. A household without labour asking for labour items is refused, and
 * the refusal — once per household, year and items — is recorded with `industry.no-labour` (to 低保兜底).
 */
@Injectable()
export class MenuService {
  constructor(private readonly menus: MenuRepository) {}

  async setMenu(principal: Principal, villageCode: string, year: number, input: MenuInput): Promise<MenuView> {
    const violations = checkVillageMenu({ villageCode, year, items: input.items });
    if (violations.length) throw ruleRefusal(violations[0], violations);
    assertJurisdiction(principal, villageCode, 'villageCode');
    await this.menus.saveMenu(villageCode, year, input.items, actorOf(principal));
    return (await this.menus.menu(villageCode, year))!;
  }

  /** The menu; with `labourMembers`, only the items such a household may choose (availableMenuItems). */
  async menu(principal: Principal, villageCode: string, year: number, labourMembers?: number): Promise<MenuView> {
    assertJurisdiction(principal, villageCode, 'villageCode');
    const menu = await this.menus.menu(villageCode, year);
    if (!menu) throw menuRefusals.menuNotFound(villageCode, year);
    if (labourMembers === undefined) return menu;
    const open = new Set(availableMenuItems(asRule(menu), labourMembers > 0).map((i) => i.itemId));
    return { ...menu, items: menu.items.filter((i) => open.has(i.itemId)) };
  }

  /** 点菜: checked by checkMenuChoice; refused for lack of labour after recording the referral (once). */
  async choose(
    principal: Principal,
    householdId: string,
    input: ChoiceInput,
    key: string,
  ): Promise<{ created: boolean; choice: ChoiceView }> {
    const household = await this.menus.household(householdId);
    if (!household) throw menuRefusals.householdNotRegistered(householdId);
    const { villageCode } = household;
    assertJurisdiction(principal, villageCode, 'householdId');
    const menu = await this.menus.menu(villageCode, input.year);
    if (!menu) throw menuRefusals.menuMissing(villageCode, input.year);
    if (input.labourMembers > household.memberCount)
      throw menuRefusals.labourAboveMembers(input.labourMembers, household.memberCount);
    const today = shanghaiDay(Date.now());
    if (input.signature.signedOn > today) throw menuRefusals.signedInFuture(input.signature.signedOn, today);
    const check = checkMenuChoice({
      household: { registered: household.exitedAt === null, hasLabour: input.labourMembers > 0, villageCode },
      itemIds: input.itemIds,
      menu: asRule(menu),
      year: input.year,
      signature: input.signature,
    });
    if (check.violations.length) await this.refuse(principal, householdId, villageCode, input, check, today);
    const chosen = new Set(input.itemIds);
    const items = menu.items.filter((i) => chosen.has(i.itemId));
    const id = randomUUID();
    const stored = await this.menus.recordChoice(
      { id, householdId, villageCode, input, items },
      actorOf(principal),
      key,
    );
    return { created: !stored.replayed, choice: (await this.menus.choice(stored.body.id))! };
  }

  async choices(principal: Principal, householdId: string) {
    const household = await this.menus.household(householdId);
    if (!household) throw menuRefusals.householdNotFound(householdId); // a read: 404, not a rule
    assertJurisdiction(principal, household.villageCode, 'householdId');
    const [choices, noLabourRefusals] = await Promise.all([
      this.menus.choicesOf(householdId),
      this.menus.noLabourRefusalsOf(householdId),
    ]);
    return { householdId, choices, noLabourRefusals };
  }

  /**
   * Every violation refuses the choice (nothing written). When the only broken rule is the lack of labour, the
   * referral to 低保 is recorded first (its own transaction, with industry.no-labour, once) and then refused.
   */
  private async refuse(
    principal: Principal,
    householdId: string,
    villageCode: string,
    input: ChoiceInput,
    check: ReturnType<typeof checkMenuChoice>,
    today: string,
  ): Promise<never> {
    const others: RuleViolation[] = check.violations.filter((v) => v.rule !== 'no_labour');
    if (!others.length && check.publishNoLabour)
      await this.menus.recordNoLabour(
        {
          id: randomUUID(),
          householdId,
          villageCode,
          year: input.year,
          refusedItemIds: check.noLabourItemIds,
          labourMembers: input.labourMembers,
          recordedOn: today,
        },
        actorOf(principal),
      );
    throw ruleRefusal(others[0] ?? check.violations[0], check.violations);
  }
}
