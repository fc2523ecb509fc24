import { Injectable } from '@nestjs/common';
import { assertJurisdiction, coversDivision, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import { DomainError } from '@fupin/service-kit';
import type { HouseholdInput, HouseholdView } from './household.schema';
import { HouseholdRepository } from './household.repository';

/** The use cases of the register's households: 农户申请 and reading a household's file. */
@Injectable()
export class HouseholdService {
  constructor(private readonly households: HouseholdRepository) {}

  /** An application inside the cadre's jurisdiction; a clash with another household is named only if visible. */
  apply(principal: Principal, input: HouseholdInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.villageCode);
    const actor = {
      subject: principal.subject,
      role: principal.role,
      jurisdiction: principalJurisdictionLabel(principal),
    };
    return this.households.register(input, actor, idempotencyKey, (village) => coversDivision(principal, village));
  }

  async get(principal: Principal, id: string): Promise<HouseholdView> {
    const household = await this.households.load(id);
    if (!household)
      throw new DomainError(
        404,
        'household.not_found',
        { 'zh-CN': `未找到户 ${id}`, en: `Household ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, household.villageCode);
    return household;
  }
}
