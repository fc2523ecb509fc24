import { Injectable } from '@nestjs/common';
import { assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import {
  ASSISTANCE_CATEGORIES,
  ASSISTANCE_CATEGORY_LABELS,
  POVERTY_CAUSE_LABELS,
  validatePovertyCauses,
} from '@fupin/identification-rules';
import { DomainError, violationsError } from '@fupin/service-kit';
import { type PovertyCauses, SurveyRepository } from './survey.repository';
import type { ObservationInput, SurveyInput } from './survey.schema';

const actorOf = (p: Principal) => ({ subject: p.subject, role: p.role, jurisdiction: principalJurisdictionLabel(p) });

/** 入户调查 of one household, inside the caller's jurisdiction: the six calculations, what was seen, the causes. */
@Injectable()
export class SurveyService {
  constructor(private readonly surveys: SurveyRepository) {}

  async saveSurvey(principal: Principal, householdId: string, input: SurveyInput, idempotencyKey: string) {
    await this.assertMayAccess(principal, householdId);
    return this.surveys.saveSurvey(householdId, input, actorOf(principal), idempotencyKey);
  }

  async listSurveys(principal: Principal, householdId: string) {
    await this.assertMayAccess(principal, householdId);
    return { householdId, surveys: await this.surveys.listSurveys(householdId) };
  }

  async saveObservation(principal: Principal, householdId: string, input: ObservationInput, idempotencyKey: string) {
    await this.assertMayAccess(principal, householdId);
    return this.surveys.saveObservation(householdId, input, actorOf(principal), idempotencyKey);
  }

  async latestObservation(principal: Principal, householdId: string) {
    await this.assertMayAccess(principal, householdId);
    return { householdId, observation: await this.surveys.latestObservation(householdId) };
  }

  /** 已知收入: industry support's recorded income of the year, pre-filled for the cadre to confirm in the survey. */
  async knownIncome(principal: Principal, householdId: string, incomeYear: number) {
    await this.assertMayAccess(principal, householdId);
    return this.surveys.knownIncome(householdId, incomeYear);
  }

  /** 致贫原因 (one main, at most two others) and 五个一批 category; codes or their Chinese labels are accepted. */
  async saveCauses(principal: Principal, householdId: string, given: PovertyCauses) {
    await this.assertMayAccess(principal, householdId);
    return this.surveys.saveCauses(householdId, checkedCauses(given), actorOf(principal));
  }

  private async assertMayAccess(principal: Principal, householdId: string): Promise<void> {
    assertJurisdiction(principal, await this.surveys.village(householdId));
  }
}

function checkedCauses(given: PovertyCauses): PovertyCauses {
  const input = {
    mainCause: codeOf(POVERTY_CAUSE_LABELS, given.mainCause),
    otherCauses: given.otherCauses.map((c) => codeOf(POVERTY_CAUSE_LABELS, c)),
    assistanceCategory: codeOf(ASSISTANCE_CATEGORY_LABELS, given.assistanceCategory),
  };
  const causes = validatePovertyCauses(input.mainCause, input.otherCauses);
  if (!causes.ok) throw violationsError(causes.violations);
  if (!(ASSISTANCE_CATEGORIES as readonly string[]).includes(input.assistanceCategory)) {
    throw new DomainError(
      400,
      'rule.unknown_category',
      {
        'zh-CN': `未知的帮扶类别：${input.assistanceCategory}`,
        en: `unknown assistance category: ${input.assistanceCategory}`,
      },
      'assistanceCategory',
      { allowed: ASSISTANCE_CATEGORIES },
    );
  }
  return input;
}

/** Codes or their Chinese labels are both accepted: 因病 → illness. */
function codeOf(labels: Readonly<Record<string, { 'zh-CN': string }>>, value: string): string {
  if (value in labels) return value;
  return Object.entries(labels).find(([, l]) => l['zh-CN'] === value)?.[0] ?? value;
}
