import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { shanghaiDay } from '@fupin/industry-rules';
import { actorOf } from '../actor';
import { FiscalSupportRepository } from './fiscal-support.repository';
import { fiscalRefusals } from './fiscal-support.refusals';
import type { ProductionIncomeInput, ProductionIncomeView } from './fiscal-support.schema';
import { ProductionIncomeRepository } from './production-income.repository';

/**
 * 生产经营性收入: the county office or the village cadre of the household's village records what a registered
 * household earned from production; it goes to identification as `income.recorded` (source production).
 */
@Injectable()
export class ProductionIncomeService {
  constructor(
    private readonly incomes: ProductionIncomeRepository,
    private readonly households: FiscalSupportRepository,
  ) {}

  async record(
    principal: Principal,
    householdId: string,
    input: ProductionIncomeInput,
    key: string,
  ): Promise<{ created: boolean; income: ProductionIncomeView }> {
    const villageCode = await this.village(principal, householdId);
    const today = shanghaiDay(Date.now());
    if (input.earnedOn > today) throw fiscalRefusals.dateInFuture('earnedOn', input.earnedOn, today);
    const stored = await this.incomes.record(
      randomUUID(),
      { householdId, villageCode },
      input,
      actorOf(principal),
      key,
    );
    return { created: !stored.replayed, income: (await this.incomes.find(stored.body.id))! };
  }

  async list(principal: Principal, householdId: string) {
    const household = await this.households.household(householdId);
    if (!household) throw fiscalRefusals.householdNotFound(householdId); // a read: 404, not a rule
    assertJurisdiction(principal, household.villageCode, 'householdId');
    return { householdId, incomes: await this.incomes.ofHousehold(householdId) };
  }

  private async village(principal: Principal, householdId: string): Promise<string> {
    const household = await this.households.household(householdId);
    if (!household) throw fiscalRefusals.householdNotRegistered(householdId);
    assertJurisdiction(principal, household.villageCode, 'householdId');
    return household.villageCode;
  }
}
