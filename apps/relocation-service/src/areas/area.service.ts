import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { parseBody } from '@fupin/service-kit';
import { actorOf, assertCountyReader } from '../actor';
import { AreaRepository } from './area.repository';
import { type AreaInput, villageCodeParam } from './area.schema';

/** 搬迁区域: the county office designates the villages whose households may relocate. */
@Injectable()
export class AreaService {
  constructor(private readonly areas: AreaRepository) {}

  designate(principal: Principal, villageCodeText: string, input: AreaInput) {
    const villageCode = parseBody(villageCodeParam, villageCodeText, 'villageCode');
    assertJurisdiction(principal, villageCode, 'villageCode');
    return this.areas.save(villageCode, input, actorOf(principal));
  }

  async list(principal: Principal, county: string) {
    assertCountyReader(principal, county, 'county');
    return { county, areas: await this.areas.inCounty(county) };
  }
}
