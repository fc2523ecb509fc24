import { Injectable } from '@nestjs/common';
import { assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import { divisionLevel, parentDivision } from '@fupin/identification-rules';
import { DomainError } from '@fupin/service-kit';
import { DivisionRepository } from './division.repository';
import type { DivisionLoadInput } from './division.schema';

/** The division register's use cases: a county loads its own divisions; anyone lists a code's children. */
@Injectable()
export class DivisionService {
  constructor(private readonly divisions: DivisionRepository) {}

  /** Each code must lie inside the county (county, township or village) and sit under a parent of this load. */
  load(principal: Principal, input: DivisionLoadInput) {
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    assertInsideCounty(input);
    const rows = input.divisions.map((d) => ({
      code: d.code,
      name: d.name,
      level: divisionLevel(d.code),
      parent_code: parentDivision(d.code),
    }));
    // 农村人口: only where given (null clears it); omitted keeps what was recorded
    const population = input.divisions
      .filter((d) => d.ruralPopulation !== undefined)
      .map((d) => ({ code: d.code, rural_population: d.ruralPopulation }));
    const actor = {
      subject: principal.subject,
      role: principal.role,
      jurisdiction: jurisdictionLabel(principal.jurisdiction),
    };
    return this.divisions.load(input.countyCode, rows, population, actor);
  }

  async children(parent: string) {
    return { parent, divisions: await this.divisions.children(parent) };
  }
}

function assertInsideCounty(input: DivisionLoadInput): void {
  const codes = new Set(input.divisions.map((d) => d.code));
  input.divisions.forEach((d, i) => {
    const level = divisionLevel(d.code);
    const inside =
      d.code.startsWith(input.countyCode) && (level === 'county' || level === 'township' || level === 'village');
    const parent = parentDivision(d.code);
    if (!inside)
      throw new DomainError(
        400,
        'division.outside_county',
        {
          'zh-CN': `区划 ${d.code} 不属于县 ${input.countyCode}`,
          en: `division ${d.code} is not inside county ${input.countyCode}`,
        },
        `divisions.${i}.code`,
      );
    if (level !== 'county' && parent && !codes.has(parent) && parent !== input.countyCode) {
      throw new DomainError(
        400,
        'division.parent_missing',
        {
          'zh-CN': `区划 ${d.code} 的上级 ${parent} 不在本次加载中`,
          en: `the parent ${parent} of ${d.code} is not in this load`,
        },
        `divisions.${i}.code`,
      );
    }
  });
}
