import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { actorOf, countyOf } from '../actor';
import { ProjectRepository } from './project.repository';
import { projectRefusals } from './project.refusals';
import type { ProjectInput } from './project.schema';

/** 产业项目: the county office records projects of its villages and townships; anyone in jurisdiction reads them. */
@Injectable()
export class ProjectService {
  constructor(private readonly projects: ProjectRepository) {}

  /** Partner of the county, beneficiaries registered (not exited) households of the division, each once. */
  async create(principal: Principal, input: ProjectInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.divisionCode, 'divisionCode');
    if (input.partnerId) await this.checkPartner(input.partnerId, countyOf(input.divisionCode));
    const seen = new Set<string>();
    for (const id of input.beneficiaries) {
      if (seen.has(id)) throw projectRefusals.beneficiaryRepeated(id);
      seen.add(id);
    }
    const missing = await this.projects.notEligible(input.beneficiaries, input.divisionCode);
    if (missing.length) throw projectRefusals.beneficiariesNotEligible(missing, input.divisionCode);
    return this.projects.create(randomUUID(), input, actorOf(principal), idempotencyKey);
  }

  async get(principal: Principal, id: string) {
    const project = await this.projects.find(id);
    if (!project) throw projectRefusals.notFound(id);
    assertJurisdiction(principal, project.divisionCode);
    return project;
  }

  async list(principal: Principal, division: string, year: number | undefined) {
    assertJurisdiction(principal, division, 'division');
    return { division, projects: await this.projects.inDivision(division, year) };
  }

  private async checkPartner(partnerId: string, county: string): Promise<void> {
    const partner = await this.projects.partnerCounty(partnerId);
    if (!partner) throw projectRefusals.partnerUnknown(partnerId);
    if (partner.countyCode !== county) throw projectRefusals.partnerOfAnotherCounty(partnerId, county);
  }
}
