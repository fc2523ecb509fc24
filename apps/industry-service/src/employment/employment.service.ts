import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertCountyReader, assertJurisdiction, type Principal } from '@fupin/auth';
import { type JobKind, checkJobKind, checkWageMonth, shanghaiDay, wageEarnedOn } from '@fupin/industry-rules';
import { actorOf, countyOf } from '../actor';
import { ruleRefusal } from '../partners/partner.refusals';
import { EmploymentRepository } from './employment.repository';
import { employmentRefusals } from './employment.refusals';
import type { JobInput, JobView, PlacementInput, PlacementView, WageInput } from './employment.schema';

/**
 * 就业扶贫: the county office opens jobs at partners of the county and public-welfare posts; the office or the village
 * cadre places members of registered households in them (employment.placed) and records each month's wage once
 * (income.recorded, source wage, to identification's next survey).
 */
@Injectable()
export class EmploymentService {
  constructor(private readonly employment: EmploymentRepository) {}

  async createJob(principal: Principal, input: JobInput, key: string): Promise<{ created: boolean; job: JobView }> {
    const violations = checkJobKind(input);
    if (violations.length) throw ruleRefusal(violations[0], violations);
    assertJurisdiction(principal, input.divisionCode, 'divisionCode');
    const county = countyOf(input.divisionCode);
    if (input.partnerId) {
      const partner = await this.employment.partnerCounty(input.partnerId);
      if (!partner) throw employmentRefusals.partnerUnknown(input.partnerId);
      if (partner.countyCode !== county) throw employmentRefusals.partnerOfAnotherCounty(input.partnerId, county);
    }
    const stored = await this.employment.createJob(randomUUID(), input, county, actorOf(principal), key);
    return { created: !stored.replayed, job: await this.job(principal, stored.body.id) };
  }

  /** Jobs are county-wide information: anyone working in the county reads them. */
  async jobs(principal: Principal, division: string, kind: JobKind | undefined) {
    assertCountyReader(principal, countyOf(division), 'division');
    return { division, jobs: await this.employment.jobsIn(division, kind) };
  }

  async job(principal: Principal, id: string): Promise<JobView> {
    const job = await this.employment.job(id);
    if (!job) throw employmentRefusals.jobNotFound(id);
    assertCountyReader(principal, job.countyCode, 'jobId');
    return job;
  }

  /** A member of a registered household (by resident ID number) of the placer's jurisdiction, once per job. */
  async place(
    principal: Principal,
    jobId: string,
    input: PlacementInput,
    key: string,
  ): Promise<{ created: boolean; placement: PlacementView }> {
    const job = await this.job(principal, jobId);
    const member = await this.employment.member(input.idNumber);
    if (!member) throw employmentRefusals.notRegisteredMember(input.idNumber);
    assertJurisdiction(principal, member.villageCode, 'idNumber');
    const stored = await this.employment.place({ id: randomUUID(), job, member, input }, actorOf(principal), key);
    return { created: !stored.replayed, placement: await this.placement(principal, stored.body.id) };
  }

  async placement(principal: Principal, id: string): Promise<PlacementView> {
    const p = await this.employment.placement(id);
    if (!p) throw employmentRefusals.placementNotFound(id);
    assertJurisdiction(principal, p.villageCode);
    return p;
  }

  /** The month's wage: from the start month to the current one (Asia/Shanghai), once per month (409). */
  async recordWage(
    principal: Principal,
    id: string,
    input: WageInput,
    key: string,
  ): Promise<{ created: boolean; placement: PlacementView }> {
    const p = await this.placement(principal, id);
    const today = shanghaiDay(Date.now());
    const violations = checkWageMonth(input.month, p.startedOn, today);
    if (violations.length) throw ruleRefusal(violations[0], violations);
    const earnedOn = wageEarnedOn(input.month, today);
    const stored = await this.employment.recordWage(p, input, earnedOn, randomUUID(), actorOf(principal), key);
    return { created: !stored.replayed, placement: await this.placement(principal, id) };
  }
}
