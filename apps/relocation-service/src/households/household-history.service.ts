import { Injectable } from '@nestjs/common';
import { type Principal, assertJurisdiction } from '@fupin/auth';
import { DomainError, type HouseholdHistory, householdHistoryOf } from '@fupin/service-kit';
import { HouseholdHistoryRepository } from './household-history.repository';
import { relocationHistory } from './household-history.vocabulary';

/** 一户一档: the household's history in relocation's audit chain, inside the reader's jurisdiction. */
@Injectable()
export class HouseholdHistoryService {
  constructor(private readonly history: HouseholdHistoryRepository) {}

  async read(principal: Principal, householdId: string, limit: number): Promise<HouseholdHistory> {
    const found = await this.history.subjectsOf(householdId);
    if (!found)
      throw new DomainError(
        404,
        'household.not_found',
        {
          'zh-CN': `搬迁系统中没有户 ${householdId}（未登记或尚未同步）`,
          en: `Relocation knows no household ${householdId} (not registered, or not received yet)`,
        },
        'id',
      );
    assertJurisdiction(principal, found.villageCode);
    const read = await this.history.records(found.subjects, limit);
    return householdHistoryOf('relocation-service', householdId, read, relocationHistory(found.caseKinds));
  }
}
