import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertCountyReader, assertJurisdiction, type Principal } from '@fupin/auth';
import {
  checkFiscalCatalogue,
  checkSurvivalCheckDate,
  priceFiscalSupport,
  shanghaiDay,
  survivalCheckOpensOn,
  survivalRates,
} from '@fupin/industry-rules';
import type { RuleViolation } from '@fupin/localized';
import { InjectConfig } from '@fupin/service-kit';
import { actorOf, countyOf } from '../actor';
import type { IndustryConfig } from '../config';
import type { IndustryTx } from '../db';
import { ruleRefusal } from '../partners/partner.refusals';
import { FiscalSupportRepository, type LockedSupport } from './fiscal-support.repository';
import { fiscalRefusals } from './fiscal-support.refusals';
import type {
  CatalogueInput,
  CatalogueView,
  DeliveryInput,
  SupportInput,
  SupportView,
  SurvivalCheckInput,
} from './fiscal-support.schema';

const refuseAny = (violations: RuleViolation[]) => {
  if (violations.length) throw ruleRefusal(violations[0], violations);
};

/**
 * 财政扶持产业: the county office sets the year's catalogue and decides supports for registered households at its
 * prices; the household's signature on delivery (once) and the survival check (once, not before the items' months
 * have passed) are recorded under the support's row lock, each in the audit chain.
 */
@Injectable()
export class FiscalSupportService {
  constructor(
    private readonly supports: FiscalSupportRepository,
    @InjectConfig() private readonly config: IndustryConfig,
  ) {}

  async setCatalogue(principal: Principal, year: number, input: CatalogueInput): Promise<CatalogueView> {
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const items = input.items.map((i) => ({
      ...i,
      survivalMonths: i.survivalMonths ?? this.config.fiscal.survivalMonths,
    }));
    refuseAny(checkFiscalCatalogue(items));
    await this.supports.saveCatalogue(input.countyCode, year, items, actorOf(principal));
    return (await this.supports.catalogue(input.countyCode, year))!;
  }

  async catalogue(principal: Principal, countyCode: string, year: number): Promise<CatalogueView> {
    assertCountyReader(principal, countyCode, 'county');
    const catalogue = await this.supports.catalogue(countyCode, year);
    if (!catalogue) throw fiscalRefusals.catalogueNotFound(countyCode, year);
    return catalogue;
  }

  /** Registered household in jurisdiction, priced from its county's catalogue of the year decided; once per key. */
  async create(
    principal: Principal,
    input: SupportInput,
    key: string,
  ): Promise<{ created: boolean; support: SupportView }> {
    const today = shanghaiDay(Date.now());
    const decidedOn = input.decidedOn ?? today;
    if (decidedOn > today) throw fiscalRefusals.dateInFuture('decidedOn', decidedOn, today);
    const household = await this.supports.household(input.householdId);
    if (!household) throw fiscalRefusals.householdNotRegistered(input.householdId);
    assertJurisdiction(principal, household.villageCode, 'householdId');
    const countyCode = countyOf(household.villageCode);
    const catalogue = await this.supports.pricingCatalogue(countyCode, input.catalogueYear);
    if (!catalogue) throw fiscalRefusals.catalogueMissing(countyCode, input.catalogueYear);
    const priced = priceFiscalSupport({ decidedOn, catalogue: catalogue.rule, lines: input.lines });
    if (!priced.ok) throw ruleRefusal(priced.violations[0], priced.violations);
    const names = new Map(catalogue.items.map((i) => [i.code, i]));
    const lines = priced.lines.map((l) => {
      const { nameZh, nameEn, unit } = names.get(l.itemCode)!;
      return { ...l, nameZh, nameEn, unit };
    });
    const { householdId, catalogueYear } = input;
    const id = randomUUID();
    const stored = await this.supports.createSupport(
      {
        id,
        householdId,
        villageCode: household.villageCode,
        countyCode,
        catalogueYear,
        decidedOn,
        totalFen: priced.totalFen,
        lines,
      },
      actorOf(principal),
      key,
      input,
    );
    return { created: !stored.replayed, support: await this.get(principal, stored.body.id) };
  }

  async get(principal: Principal, id: string): Promise<SupportView> {
    const support = await this.supports.find(id);
    if (!support) throw fiscalRefusals.notFound(id);
    assertJurisdiction(principal, support.villageCode);
    return support;
  }

  async list(principal: Principal, q: { division: string; year?: number; householdId?: string }) {
    assertJurisdiction(principal, q.division, 'division');
    return { division: q.division, supports: await this.supports.inDivision(q.division, q.year, q.householdId) };
  }

  /** 交付签收: once (409 naming the first), not before the decision nor after today. */
  async deliver(principal: Principal, id: string, input: DeliveryInput): Promise<SupportView> {
    const today = shanghaiDay(Date.now());
    await this.supports.transaction(async (tx) => {
      const s = await this.locked(principal, tx, id);
      if (s.deliveredOn) throw fiscalRefusals.alreadyDelivered(id, s.deliveredOn, s.deliveryDocumentRef ?? '');
      if (input.signedOn > today) throw fiscalRefusals.dateInFuture('signedOn', input.signedOn, today);
      if (input.signedOn < s.decidedOn) throw fiscalRefusals.signedBeforeDecision(input.signedOn, s.decidedOn);
      const checkFrom = survivalCheckOpensOn(input.signedOn, s.lines);
      await this.supports.recordDelivery(tx, id, input, checkFrom, actorOf(principal));
    });
    return this.get(principal, id);
  }

  /** 成活核查: after the delivery, on or after delivery + the items' months (422 naming that day), once. */
  async checkSurvival(principal: Principal, id: string, input: SurvivalCheckInput): Promise<SupportView> {
    const today = shanghaiDay(Date.now());
    await this.supports.transaction(async (tx) => {
      const s = await this.locked(principal, tx, id);
      if (!s.deliveredOn || !s.survivalCheckFrom) throw fiscalRefusals.notDelivered(id);
      if (s.survivalCheckedOn) throw fiscalRefusals.alreadyChecked(id, s.survivalCheckedOn);
      refuseAny(checkSurvivalCheckDate(input.checkedOn, s.survivalCheckFrom));
      if (input.checkedOn > today) throw fiscalRefusals.dateInFuture('checkedOn', input.checkedOn, today);
      const rates = survivalRates(s.lines, input.lines);
      if (!rates.ok) throw ruleRefusal(rates.violations[0], rates.violations);
      await this.supports.recordSurvival(tx, id, input, rates.lines, actorOf(principal));
    });
    return this.get(principal, id);
  }

  private async locked(principal: Principal, tx: IndustryTx, id: string): Promise<LockedSupport> {
    const s = await this.supports.lock(tx, id);
    if (!s) throw fiscalRefusals.notFound(id);
    assertJurisdiction(principal, s.villageCode);
    return s;
  }
}
