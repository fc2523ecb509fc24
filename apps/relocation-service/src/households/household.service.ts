import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { DomainError } from '@fupin/service-kit';
import { RegisteredHouseholdRepository } from './household.repository';
import type { RegisteredHouseholdView } from './household.schema';

/** Reading a registered household, inside the caller's jurisdiction. */
@Injectable()
export class RegisteredHouseholdService {
  constructor(private readonly households: RegisteredHouseholdRepository) {}

  async get(principal: Principal, id: string): Promise<RegisteredHouseholdView> {
    const household = await this.households.find(id);
    if (!household)
      throw new DomainError(
        404,
        'household.not_registered',
        {
          'zh-CN': `户 ${id} 不是已登记的贫困户（或尚未同步）`,
          en: `Household ${id} is not a registered poor household (or not received yet)`,
        },
        'id',
      );
    assertJurisdiction(principal, household.villageCode);
    return household;
  }
}
