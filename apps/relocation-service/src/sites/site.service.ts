import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { actorOf, assertCountyReader } from '../actor';
import { SiteRepository } from './site.repository';
import { siteRefusals } from './site.refusals';
import type { SiteInput } from './site.schema';

/** 安置点: the county office registers its resettlement sites; anyone in jurisdiction reads them with their homes. */
@Injectable()
export class SiteService {
  constructor(private readonly sites: SiteRepository) {}

  register(principal: Principal, input: SiteInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.townshipCode, 'townshipCode');
    return this.sites.register(input, actorOf(principal), idempotencyKey);
  }

  async get(principal: Principal, code: string) {
    const site = await this.sites.find(code);
    if (!site) throw siteRefusals.notFound(code);
    assertCountyReader(principal, site.countyCode);
    return site;
  }

  async list(principal: Principal, county: string) {
    assertCountyReader(principal, county, 'county');
    return { county, sites: await this.sites.inCounty(county) };
  }
}
