import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import type { MenuItemKind } from '@fupin/industry-rules';
import { addToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import { type Actor, countyOf } from '../actor';
import type { IndustryDb, IndustryTx } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { menuRefusals } from './menu.refusals';
import type { ChoiceInput, ChoiceView, MenuInput, MenuView, NoLabourRefusalView } from './menu.schema';

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const day = (d: Date) => d.toISOString().slice(0, 10);

/** A menu item as stored and as the rules read it. */
export type MenuItemRow = MenuInput['items'][number];

/** A choice that stands, with the menu's items as they are now (kind, labour, terms copied onto the choice). */
export interface NewChoice {
  id: string;
  householdId: string;
  villageCode: string;
  input: ChoiceInput;
  items: Pick<MenuItemRow, 'itemId' | 'kind' | 'requiresLabour' | 'terms'>[];
}

/** A choice refused for lack of labour: the labour items asked for. */
export interface NoLabourRefusal {
  id: string;
  householdId: string;
  villageCode: string;
  year: number;
  refusedItemIds: string[];
  labourMembers: number;
  recordedOn: string;
}

const withItems = { items: { orderBy: { position: 'asc' } } } as const;
type MenuRow = Prisma.VillageMenuGetPayload<{ include: typeof withItems }>;

const toMenu = (m: MenuRow): MenuView => ({
  villageCode: m.villageCode,
  year: m.year,
  countyCode: m.countyCode,
  items: m.items.map((i) => ({
    itemId: i.itemId,
    kind: i.kind as MenuItemKind,
    requiresLabour: i.requiresLabour,
    title: i.titleZh && i.titleEn ? { 'zh-CN': i.titleZh, en: i.titleEn } : null,
    terms: i.terms,
  })),
  updatedBy: m.updatedBy,
  updatedAt: m.updatedAt.toISOString(),
});

const choiceItems = { items: { orderBy: { itemId: 'asc' } } } as const;
type ChoiceRow = Prisma.MenuChoiceGetPayload<{ include: typeof choiceItems }>;

const toChoice = (c: ChoiceRow): ChoiceView => ({
  id: c.id,
  householdId: c.householdId,
  villageCode: c.villageCode,
  year: c.year,
  labourMembers: c.labourMembers,
  items: c.items.map((i) => ({
    itemId: i.itemId,
    kind: i.kind as MenuItemKind,
    requiresLabour: i.requiresLabour,
    terms: i.terms,
  })),
  signature: { signedBy: c.signedBy, signedOn: day(c.signedOn), documentRef: c.documentRef },
  recordedBy: c.recordedBy,
  recordedAt: c.recordedAt.toISOString(),
});

/** 扶贫菜单 and 点菜: menus, choices and no-labour refusals — the only place their SQL lives. */
@Injectable()
export class MenuRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  /** The household as industry knows it (registered_household), or null. */
  async household(
    householdId: string,
  ): Promise<{ villageCode: string; memberCount: number; exitedAt: Date | null } | null> {
    if (!isUuid(householdId)) return null;
    return this.db.registeredHousehold.findUnique({
      where: { householdId },
      select: { villageCode: true, memberCount: true, exitedAt: true },
    });
  }

  /** The menu replaced (all its items at once) with its audit record, the previous items as `before`. */
  async saveMenu(villageCode: string, year: number, items: MenuItemRow[], actor: Actor): Promise<void> {
    await this.db.$transaction(async (tx) => {
      // the row (created or re-stamped) is locked until commit: concurrent PUTs of one menu run one after another
      await tx.$executeRawUnsafe(
        `INSERT INTO village_menu (village_code, year, county_code, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (village_code, year) DO UPDATE SET updated_by = EXCLUDED.updated_by, updated_at = now()`,
        villageCode,
        year,
        countyOf(villageCode),
        actor.subject,
      );
      const before = await tx.villageMenuItem.findMany({ where: { villageCode, year }, orderBy: { position: 'asc' } });
      await tx.villageMenuItem.deleteMany({ where: { villageCode, year } });
      await tx.villageMenuItem.createMany({
        data: items.map((i, position) => ({
          villageCode,
          year,
          itemId: i.itemId,
          kind: i.kind,
          requiresLabour: i.requiresLabour,
          titleZh: i.title?.['zh-CN'] ?? null,
          titleEn: i.title?.en ?? null,
          terms: i.terms,
          position,
        })),
      });
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: 'industry.menu.set',
        subjectType: 'village_menu',
        subjectId: `${villageCode}:${year}`,
        before: before.length ? before : undefined,
        after: { villageCode, year, items },
        reason: `village menu ${year} set (扶贫菜单)`,
      });
    });
  }

  async menu(villageCode: string, year: number): Promise<MenuView | null> {
    const m = await this.db.villageMenu.findUnique({
      where: { villageCode_year: { villageCode, year } },
      include: withItems,
    });
    return m && toMenu(m);
  }

  /**
   * The refusal for lack of labour with its audit record and `industry.no-labour` (to civil affairs: 低保兜底) in one
   * transaction, once per household, year and set of labour items: false when recorded before.
   */
  async recordNoLabour(r: NoLabourRefusal, actor: Actor): Promise<boolean> {
    const refused = [...r.refusedItemIds].sort();
    return this.db.$transaction(async (tx) => {
      const inserted = await tx.$executeRawUnsafe(
        `INSERT INTO menu_no_labour_refusal
           (id, household_id, village_code, year, item_set, refused_item_ids, labour_members, recorded_by)
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::text[], $7, $8)
         ON CONFLICT (household_id, year, item_set) DO NOTHING`,
        r.id,
        r.householdId,
        r.villageCode,
        r.year,
        refused.join(','),
        refused,
        r.labourMembers,
        actor.subject,
      );
      if (inserted === 0) return false;
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: 'industry.menu.no_labour',
        subjectType: 'household',
        subjectId: r.householdId,
        after: { year: r.year, refusedItemIds: refused, labourMembers: r.labourMembers },
        reason: '无劳动能力，需劳动力的菜单项不予选择，转民政低保兜底 (no labour: referred to 低保)',
      });
      const payload = {
        householdId: r.householdId,
        villageCode: r.villageCode,
        year: r.year,
        refusedItemIds: refused,
        recordedOn: r.recordedOn,
      };
      const event = buildEvent(contracts.industryNoLabour, { aggregateId: r.householdId, actor, payload });
      await addToOutbox(tx, contracts.industryNoLabour.topic, event);
      return true;
    });
  }

  /**
   * The choice, its items and its audit record in one transaction, once per Idempotency-Key; under the household's
   * row lock an item the household already chose for the year is refused (409), so concurrent choices cannot both
   * take it.
   */
  recordChoice(c: NewChoice, actor: Actor, idempotencyKey: string) {
    const { input } = c;
    return this.db.$transaction((tx) =>
      onceForKey<{ id: string }>(tx, `industry.menu-choice:${c.householdId}`, idempotencyKey, input, async () => {
        await this.lockHousehold(tx, c.householdId);
        const taken = await tx.menuChoiceItem.findMany({
          where: { householdId: c.householdId, year: input.year, itemId: { in: c.items.map((i) => i.itemId) } },
          select: { itemId: true },
          orderBy: { itemId: 'asc' },
        });
        if (taken.length)
          throw menuRefusals.alreadyChosen(
            taken.map((t) => t.itemId),
            input.year,
          );
        await tx.menuChoice.create({
          data: {
            id: c.id,
            householdId: c.householdId,
            villageCode: c.villageCode,
            year: input.year,
            labourMembers: input.labourMembers,
            signedBy: input.signature.signedBy,
            signedOn: new Date(`${input.signature.signedOn}T00:00:00Z`),
            documentRef: input.signature.documentRef,
            recordedBy: actor.subject,
            items: {
              create: c.items.map((i) => ({
                householdId: c.householdId,
                year: input.year,
                itemId: i.itemId,
                kind: i.kind,
                requiresLabour: i.requiresLabour,
                terms: i.terms,
              })),
            },
          },
        });
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'industry.menu.choice',
          subjectType: 'household',
          subjectId: c.householdId,
          after: { choiceId: c.id, villageCode: c.villageCode, ...input },
          reason: '农户点菜签字确认 (menu choice signed by the household)',
        });
        return { status: 201, body: { id: c.id } };
      }),
    );
  }

  async choice(id: string): Promise<ChoiceView | null> {
    const c = await this.db.menuChoice.findUnique({ where: { id }, include: choiceItems });
    return c && toChoice(c);
  }

  async choicesOf(householdId: string): Promise<ChoiceView[]> {
    const rows = await this.db.menuChoice.findMany({
      where: { householdId },
      include: choiceItems,
      orderBy: [{ year: 'desc' }, { recordedAt: 'asc' }],
    });
    return rows.map(toChoice);
  }

  async noLabourRefusalsOf(householdId: string): Promise<NoLabourRefusalView[]> {
    const rows = await this.db.menuNoLabourRefusal.findMany({
      where: { householdId },
      orderBy: [{ year: 'desc' }, { recordedAt: 'asc' }],
    });
    return rows.map((r) => ({
      year: r.year,
      refusedItemIds: r.refusedItemIds,
      labourMembers: r.labourMembers,
      recordedBy: r.recordedBy,
      recordedAt: r.recordedAt.toISOString(),
    }));
  }

  private async lockHousehold(tx: IndustryTx, householdId: string): Promise<void> {
    await tx.$queryRawUnsafe(
      `SELECT household_id FROM registered_household WHERE household_id = $1::uuid FOR UPDATE`,
      householdId,
    );
  }
}
