import { Injectable } from '@nestjs/common';
import { assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import { validatePolicy } from '@fupin/medical-aid-rules';
import { violationsError } from '@fupin/service-kit';
import { PolicyRepository } from './policy.repository';
import type { CreatePolicyInput } from './policy.schema';

/** The use cases of a county's medical policy: publish a version, list the versions. */
@Injectable()
export class PolicyService {
  constructor(private readonly policies: PolicyRepository) {}

  /** A county health officer publishes inside the county; the rules judge the figures (refusals name the field). */
  publish(principal: Principal, input: CreatePolicyInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const problems = validatePolicy(input.policy).map((v) => ({
      ...v,
      field: `policy.${v.field.replace(/^policy\.?/, '')}`.replace(/\.$/, ''),
    }));
    if (problems.length) throw violationsError(problems);
    const actor = {
      subject: principal.subject,
      role: principal.role,
      jurisdiction: jurisdictionLabel(principal.jurisdiction),
    };
    return this.policies.publish(input, actor, idempotencyKey);
  }

  async list(principal: Principal, countyCode: string, year: number) {
    assertJurisdiction(principal, countyCode, 'county');
    return { countyCode, year, versions: await this.policies.versions(countyCode, year) };
  }
}
