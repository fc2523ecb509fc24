import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { checkCreditCode } from '@fupin/industry-rules';
import { actorOf, assertCountyReader } from '../actor';
import { PartnerRepository } from './partner.repository';
import { partnerRefusals, ruleRefusal } from './partner.refusals';
import type { PartnerInput } from './partner.schema';

/** 经营主体: the county office registers enterprises and cooperatives; anyone in jurisdiction reads them. */
@Injectable()
export class PartnerService {
  constructor(private readonly partners: PartnerRepository) {}

  register(principal: Principal, input: PartnerInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const violations = checkCreditCode(input.creditCode);
    if (violations.length) throw ruleRefusal(violations[0], violations);
    return this.partners.register(input, actorOf(principal), idempotencyKey);
  }

  async get(principal: Principal, id: string) {
    const partner = await this.partners.find(id);
    if (!partner) throw partnerRefusals.notFound(id);
    assertCountyReader(principal, partner.countyCode);
    return partner;
  }

  async list(principal: Principal, county: string) {
    assertCountyReader(principal, county, 'county');
    return { county, partners: await this.partners.inCounty(county) };
  }
}
