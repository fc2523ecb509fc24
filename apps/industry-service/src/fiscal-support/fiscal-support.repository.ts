import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import type { FiscalCatalogue, FiscalItemKind, PricedFiscalLine } from '@fupin/industry-rules';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import type { Actor } from '../actor';
import type { IndustryDb, IndustryTx } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { CatalogueView, DeliveryInput, SupportView } from './fiscal-support.schema';

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const day = (d: Date) => d.toISOString().slice(0, 10);
const dayOrNull = (d: Date | null) => (d ? day(d) : null);
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A catalogue item with its survival months resolved (the item's own, else the configured default). */
export interface CatalogueItemRow {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  unitPriceFen: number;
  kind: FiscalItemKind;
  survivalMonths: number;
}

/** A priced line as stored: the rule's figures with the item's names and unit. */
export type StoredLine = PricedFiscalLine & Pick<CatalogueItemRow, 'nameZh' | 'nameEn' | 'unit'>;

export interface NewSupport {
  id: string;
  householdId: string;
  villageCode: string;
  countyCode: string;
  catalogueYear: number;
  decidedOn: string;
  totalFen: number;
  lines: StoredLine[];
}

/** The support's row locked for a signature, with what the rules need. */
export interface LockedSupport {
  id: string;
  villageCode: string;
  decidedOn: string;
  deliveredOn: string | null;
  deliveryDocumentRef: string | null;
  survivalCheckFrom: string | null;
  survivalCheckedOn: string | null;
  lines: { itemCode: string; quantity: number; survivalMonths: number }[];
}

const withLines = { lines: { orderBy: { itemCode: 'asc' } } } as const;
type SupportRow = Prisma.FiscalSupportGetPayload<{ include: typeof withLines }>;

const toView = (s: SupportRow): SupportView => ({
  id: s.id,
  householdId: s.householdId,
  villageCode: s.villageCode,
  countyCode: s.countyCode,
  catalogueYear: s.catalogueYear,
  decidedOn: day(s.decidedOn),
  totalFen: Number(s.totalFen),
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
  lines: s.lines.map((l) => ({
    itemCode: l.itemCode,
    nameZh: l.nameZh,
    nameEn: l.nameEn,
    unit: l.unit,
    kind: l.kind as FiscalItemKind,
    quantity: l.quantity,
    unitPriceFen: Number(l.unitPriceFen),
    amountFen: Number(l.amountFen),
    survivalMonths: l.survivalMonths,
    surviving: l.surviving,
    survivalRateBp: l.survivalRateBp,
  })),
  delivery:
    s.deliveredOn && s.deliverySignedBy && s.deliveryDocumentRef && s.deliveryRecordedBy && s.deliveryRecordedAt
      ? {
          signedBy: s.deliverySignedBy,
          signedOn: day(s.deliveredOn),
          documentRef: s.deliveryDocumentRef,
          recordedBy: { subject: s.deliveryRecordedBy, at: s.deliveryRecordedAt.toISOString() },
        }
      : null,
  survivalCheckFrom: dayOrNull(s.survivalCheckFrom),
  survivalCheck:
    s.survivalCheckedOn && s.survivalCheckedBy && s.survivalRecordedAt
      ? {
          checkedOn: day(s.survivalCheckedOn),
          evidenceRefs: s.survivalEvidence,
          recordedBy: { subject: s.survivalCheckedBy, at: s.survivalRecordedAt.toISOString() },
        }
      : null,
});

/** 财政扶持产业: catalogues, supports and their lines — the only place their SQL lives. */
@Injectable()
export class FiscalSupportRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  transaction<T>(work: (tx: IndustryTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  /** The registered household's village, or null. */
  async household(householdId: string): Promise<{ villageCode: string } | null> {
    if (!isUuid(householdId)) return null;
    return this.db.registeredHousehold.findUnique({ where: { householdId }, select: { villageCode: true } });
  }

  /** The catalogue replaced (its items all at once) with its audit record, the previous items as `before`. */
  async saveCatalogue(countyCode: string, year: number, items: CatalogueItemRow[], actor: Actor) {
    await this.db.$transaction(async (tx) => {
      // the row (created or re-stamped) is locked until commit: concurrent PUTs of one catalogue run one after another
      await tx.$executeRawUnsafe(
        `INSERT INTO fiscal_catalogue (county_code, year, updated_by) VALUES ($1, $2, $3)
         ON CONFLICT (county_code, year) DO UPDATE SET updated_by = EXCLUDED.updated_by, updated_at = now()`,
        countyCode,
        year,
        actor.subject,
      );
      const before = await tx.fiscalCatalogueItem.findMany({ where: { countyCode, year }, orderBy: { code: 'asc' } });
      await tx.fiscalCatalogueItem.deleteMany({ where: { countyCode, year } });
      await tx.fiscalCatalogueItem.createMany({
        data: items.map((i) => ({ ...i, countyCode, year, unitPriceFen: BigInt(i.unitPriceFen) })),
      });
      await this.audit(tx, actor, 'industry.fiscal.catalogue', 'fiscal_catalogue', `${countyCode}:${year}`, {
        before: before.length ? before.map((i) => ({ ...i, unitPriceFen: Number(i.unitPriceFen) })) : undefined,
        after: { countyCode, year, items },
        reason: `fiscal support catalogue ${year} set (财政扶持目录)`,
      });
    });
  }

  async catalogue(countyCode: string, year: number): Promise<CatalogueView | null> {
    const c = await this.db.fiscalCatalogue.findUnique({
      where: { countyCode_year: { countyCode, year } },
      include: { items: { orderBy: { code: 'asc' } } },
    });
    if (!c) return null;
    const items = c.items.map((i) => ({
      code: i.code,
      nameZh: i.nameZh,
      nameEn: i.nameEn,
      unit: i.unit,
      unitPriceFen: Number(i.unitPriceFen),
      kind: i.kind as FiscalItemKind,
      survivalMonths: i.survivalMonths,
    }));
    return { countyCode, year, items, updatedBy: c.updatedBy, updatedAt: c.updatedAt.toISOString() };
  }

  /** The catalogue as the pricing rule reads it, with the items' names; null when the county has none that year. */
  async pricingCatalogue(countyCode: string, year: number) {
    const view = await this.catalogue(countyCode, year);
    return view && { rule: { year, items: view.items } satisfies FiscalCatalogue, items: view.items };
  }

  /** The support, its lines and its audit record in one transaction, once per Idempotency-Key. */
  createSupport(s: NewSupport, actor: Actor, idempotencyKey: string, request: unknown) {
    return this.db.$transaction((tx) =>
      onceForKey<{ id: string }>(tx, 'industry.fiscal.support', idempotencyKey, request, async () => {
        await tx.fiscalSupport.create({
          data: {
            id: s.id,
            householdId: s.householdId,
            villageCode: s.villageCode,
            countyCode: s.countyCode,
            catalogueYear: s.catalogueYear,
            decidedOn: asDate(s.decidedOn),
            totalFen: BigInt(s.totalFen),
            createdBy: actor.subject,
            lines: {
              createMany: {
                data: s.lines.map((l) => ({
                  itemCode: l.itemCode,
                  nameZh: l.nameZh,
                  nameEn: l.nameEn,
                  unit: l.unit,
                  kind: l.kind,
                  quantity: l.quantity,
                  unitPriceFen: BigInt(l.unitPriceFen),
                  amountFen: BigInt(l.amountFen),
                  survivalMonths: l.survivalMonths,
                })),
              },
            },
          },
        });
        await this.audit(tx, actor, 'industry.fiscal.support', 'fiscal_support', s.id, {
          after: s,
          reason: 'fiscal production support decided (财政扶持产业)',
        });
        return { status: 201, body: { id: s.id } };
      }),
    );
  }

  async find(id: string): Promise<SupportView | null> {
    if (!isUuid(id)) return null;
    const s = await this.db.fiscalSupport.findUnique({ where: { id }, include: withLines });
    return s && toView(s);
  }

  async inDivision(divisionCode: string, year?: number, householdId?: string): Promise<SupportView[]> {
    const rows = await this.db.fiscalSupport.findMany({
      where: {
        villageCode: { startsWith: divisionCode },
        ...(year === undefined ? {} : { catalogueYear: year }),
        ...(householdId === undefined ? {} : { householdId }),
      },
      include: withLines,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: 1_000,
    });
    return rows.map(toView);
  }

  /** The support's row locked for this transaction (signatures one at a time), or null. */
  async lock(tx: IndustryTx, id: string): Promise<LockedSupport | null> {
    if (!isUuid(id)) return null;
    const rows = await tx.$queryRawUnsafe<Omit<LockedSupport, 'lines'>[]>(
      `SELECT id::text, village_code AS "villageCode", to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn",
              to_char(delivered_on, 'YYYY-MM-DD') AS "deliveredOn", delivery_document_ref AS "deliveryDocumentRef",
              to_char(survival_check_from, 'YYYY-MM-DD') AS "survivalCheckFrom",
              to_char(survival_checked_on, 'YYYY-MM-DD') AS "survivalCheckedOn"
         FROM fiscal_support WHERE id = $1::uuid FOR UPDATE`,
      id,
    );
    if (!rows[0]) return null;
    const lines = await tx.fiscalSupportLine.findMany({
      where: { supportId: id },
      select: { itemCode: true, quantity: true, survivalMonths: true },
      orderBy: { itemCode: 'asc' },
    });
    return { ...rows[0], lines };
  }

  /** 交付签收 recorded (the row is locked and undelivered) with its audit record. */
  async recordDelivery(tx: IndustryTx, id: string, input: DeliveryInput, checkFrom: string, actor: Actor) {
    await tx.fiscalSupport.update({
      where: { id },
      data: {
        deliverySignedBy: input.signedBy,
        deliveredOn: asDate(input.signedOn),
        deliveryDocumentRef: input.documentRef,
        deliveryRecordedBy: actor.subject,
        deliveryRecordedAt: new Date(),
        survivalCheckFrom: asDate(checkFrom),
      },
    });
    await this.audit(tx, actor, 'industry.fiscal.delivery', 'fiscal_support', id, {
      after: { ...input, survivalCheckFrom: checkFrom },
      reason: `delivery signed by the household (交付签收) ${input.documentRef}`,
    });
  }

  /** 成活核查 recorded (the row is locked, delivered and unchecked): the lines' figures and the audit record. */
  async recordSurvival(
    tx: IndustryTx,
    id: string,
    check: { checkedOn: string; evidenceRefs: string[] },
    lines: { itemCode: string; surviving: number; survivalRateBp: number }[],
    actor: Actor,
  ) {
    await tx.fiscalSupport.update({
      where: { id },
      data: {
        survivalCheckedOn: asDate(check.checkedOn),
        survivalEvidence: check.evidenceRefs,
        survivalCheckedBy: actor.subject,
        survivalRecordedAt: new Date(),
      },
    });
    for (const l of lines)
      await tx.fiscalSupportLine.update({
        where: { supportId_itemCode: { supportId: id, itemCode: l.itemCode } },
        data: { surviving: l.surviving, survivalRateBp: l.survivalRateBp },
      });
    await this.audit(tx, actor, 'industry.fiscal.survival_check', 'fiscal_support', id, {
      after: { ...check, lines },
      reason: 'survival checked (成活核查)',
    });
  }

  private async audit(
    tx: IndustryTx,
    actor: Actor,
    action: string,
    subjectType: string,
    subjectId: string,
    r: { before?: unknown; after: unknown; reason: string },
  ) {
    await appendAudit(tx, {
      actorSubject: actor.subject,
      actorRole: actor.role,
      jurisdiction: actor.jurisdiction,
      action,
      subjectType,
      subjectId,
      ...(r.before === undefined ? {} : { before: r.before }),
      after: r.after,
      reason: r.reason,
    });
  }
}
