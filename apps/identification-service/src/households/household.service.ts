import { Injectable } from '@nestjs/common';
import { assertJurisdiction, coversDivision, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import {
  ASSISTANCE_CATEGORY_LABELS,
  POVERTY_CAUSE_LABELS,
  monitoringLineFen,
  resolvePolicy,
} from '@fupin/identification-rules';
import { DomainError, InjectConfig } from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { idNumberFor, readsFullIdNumbers } from './household-privacy';
import type { HouseholdInput, HouseholdView } from './household.schema';
import { type HouseholdRecord, HouseholdRepository } from './household.repository';

type Labelled = { code: string; label: { 'zh-CN': string; en: string } };
const labelled = (labels: Readonly<Record<string, Labelled['label']>>, code: string): Labelled => ({
  code,
  label: labels[code] ?? { 'zh-CN': code, en: code },
});

/** The use cases of the register's households: 农户申请 and reading a household's file. */
@Injectable()
export class HouseholdService {
  constructor(
    private readonly households: HouseholdRepository,
    @InjectConfig() private readonly config: IdentificationConfig,
  ) {}

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
    return this.view(principal, household);
  }

  /** The file as this reader may see it: ID numbers masked for all but the procedure's officials, codes in words. */
  private view(principal: Principal, h: HouseholdRecord): HouseholdView {
    const { mainCause, otherCauses, assistanceCategory, surveyedYears, ...rest } = h;
    const shown = idNumberFor(principal, h.villageCode);
    return {
      ...rest,
      members: h.members.map((m) => ({ ...m, idNumber: shown(m.idNumber) })),
      idNumbersMasked: !readsFullIdNumbers(principal, h.villageCode),
      causes: {
        main: mainCause === null ? null : labelled(POVERTY_CAUSE_LABELS, mainCause),
        others: otherCauses.map((c) => labelled(POVERTY_CAUSE_LABELS, c)),
        assistanceCategory:
          assistanceCategory === null ? null : labelled(ASSISTANCE_CATEGORY_LABELS, assistanceCategory),
      },
      povertyLines: surveyedYears.flatMap((incomeYear) => {
        const policy = resolvePolicy(h.villageCode, incomeYear, this.config.policyOverrides);
        if (!policy.ok) return [];
        const { povertyLineFen } = policy.value;
        return [{ incomeYear, povertyLineFen, monitoringLineFen: monitoringLineFen(policy.value) }];
      }),
    };
  }
}
