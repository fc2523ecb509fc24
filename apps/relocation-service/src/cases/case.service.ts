import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { buildEvent, contracts } from '@fupin/contracts';
import { addToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import {
  checkHousingArea,
  checkModeAndSite,
  checkSiteCapacity,
  householdSubsidyFen,
  householdTranches,
  resolveRelocationPolicy,
} from '@fupin/relocation-rules';
import { relocationCaseWorkflowId } from '@fupin/relocation-workflows';
import { InjectConfig } from '@fupin/service-kit';
import { type Actor, actorOf } from '../actor';
import type { RelocationConfig } from '../config';
import type { RelocationTx } from '../db';
import { type CaseRow, CaseRepository, type HouseholdRow, type PlanRecord } from './case.repository';
import { caseRefusals, ruleRefusal } from './case.refusals';
import { type CaseCreated, type CaseInput, type CaseStatus, MOVED_IN, PLANNABLE, type PlanInput } from './case.schema';

/** The fields every relocation event carries. */
const eventCase = (c: Pick<CaseRow, 'id' | 'householdId' | 'villageCode'>) => ({
  caseId: c.id,
  householdId: c.householdId,
  villageCode: c.villageCode,
});

/** 搬迁户档案: consent starts a case, the plan is checked against the red line and the site, withdrawal ends it. */
@Injectable()
export class CaseService {
  constructor(
    private readonly cases: CaseRepository,
    @InjectConfig() private readonly config: RelocationConfig,
  ) {}

  /**
   * The household head's signed consent starts the case: only a registered, not exited household of a designated
   * village, in the cadre's village, and at most one open case per household (409).
   */
  async consent(principal: Principal, input: CaseInput, idempotencyKey: string) {
    const household = await this.eligibleHousehold(principal, input.householdId);
    const actor = actorOf(principal);
    return this.cases.transaction((tx) =>
      onceForKey<CaseCreated>(tx, 'relocation.case.consent', idempotencyKey, input, async () => {
        const id = randomUUID();
        const workflowId = relocationCaseWorkflowId(household.householdId);
        const opened = await this.cases.insertConsented(tx, {
          id,
          household,
          consent: input.consent,
          workflowId,
          createdBy: actor.subject,
        });
        if (!opened)
          throw caseRefusals.alreadyOpen(household.householdId, await this.cases.openCaseOf(tx, household.householdId));
        const c = { id, householdId: household.householdId, villageCode: household.villageCode };
        await this.sign(tx, actor, c, 'relocation.consent', input.consent, 'signed consent (自愿搬迁协议)');
        await addToOutbox(
          tx,
          contracts.relocationConsented.topic,
          buildEvent(contracts.relocationConsented, {
            aggregateId: id,
            actor,
            payload: { ...eventCase(c), ...input.consent },
          }),
        );
        return { status: 201, body: { id, status: 'consented' as const, workflowId } };
      }),
    );
  }

  /** The plan: red line (422 with the figures), site of the county with a free home (409 when full), subsidy split. */
  async plan(principal: Principal, id: string, input: PlanInput) {
    const current = await this.get(principal, id);
    this.assertPlannable(current.id, current.status);
    const household = await this.cases.household(current.householdId);
    const members = household?.memberCount ?? 0;
    const persons = input.persons ?? members;
    if (persons > members) throw caseRefusals.personsOverMembers(persons, members);
    const areaM2 = input.mode === 'monetary' ? null : (input.areaM2 ?? 0);
    if (areaM2 !== null) this.checkArea(areaM2, persons);
    const { subsidyFen, tranches } = this.subsidy(current.countyCode, input.mode, persons);
    const plan: PlanRecord = { mode: input.mode, siteCode: input.siteCode ?? null, areaM2, persons, subsidyFen };
    const actor = actorOf(principal);
    await this.cases.transaction(async (tx) => {
      const c = await this.lockPlannable(tx, id);
      if (plan.siteCode !== null) await this.reserveHome(tx, c, plan, plan.siteCode);
      else this.checkSite(c, plan, null);
      await this.cases.savePlan(tx, id, plan, tranches);
      await this.sign(tx, actor, c, 'relocation.plan', { ...plan, tranches }, 'plan submitted (搬迁计划)');
      await addToOutbox(
        tx,
        contracts.relocationPlanned.topic,
        buildEvent(contracts.relocationPlanned, {
          aggregateId: id,
          actor,
          payload: {
            ...eventCase(c),
            mode: input.mode,
            siteCode: plan.siteCode,
            areaM2,
            persons,
            subsidyFen,
          },
        }),
      );
    });
    return this.get(principal, id);
  }

  /** Withdrawal until move-in (422 after): the home at the site is released and every pending tranche stopped. */
  async withdraw(principal: Principal, id: string, reason: string) {
    await this.get(principal, id);
    const actor = actorOf(principal);
    await this.cases.transaction(async (tx) => {
      const c = await this.cases.lock(tx, id);
      if (!c) throw caseRefusals.notFound(id);
      if (c.status === 'withdrawn') throw caseRefusals.alreadyWithdrawn(id);
      if (MOVED_IN.includes(c.status) || c.movedInOn !== null) throw caseRefusals.withdrawAfterMoveIn(id);
      const { withdrawnAt, stopped } = await this.cases.markWithdrawn(tx, id, reason);
      await this.sign(tx, actor, c, 'relocation.withdraw', { step: c.status, tranchesStopped: stopped }, reason);
      await addToOutbox(
        tx,
        contracts.relocationWithdrawn.topic,
        buildEvent(contracts.relocationWithdrawn, {
          aggregateId: id,
          actor,
          payload: { ...eventCase(c), reason, step: c.status, withdrawnAt: withdrawnAt.toISOString() },
        }),
      );
    });
    return this.get(principal, id);
  }

  async get(principal: Principal, id: string) {
    const c = await this.cases.find(id);
    if (!c) throw caseRefusals.notFound(id);
    assertJurisdiction(principal, c.villageCode);
    return c;
  }

  async list(principal: Principal, village: string, status: CaseStatus | undefined) {
    assertJurisdiction(principal, village, 'village');
    return { village, cases: await this.cases.inVillage(village, status) };
  }

  private async eligibleHousehold(principal: Principal, householdId: string): Promise<HouseholdRow> {
    const household = await this.cases.household(householdId);
    if (!household) throw caseRefusals.householdNotRegistered(householdId);
    assertJurisdiction(principal, household.villageCode, 'householdId');
    if (household.exitedAt !== null) throw caseRefusals.householdExited(householdId);
    if (!(await this.cases.designated(household.villageCode)))
      throw caseRefusals.villageNotDesignated(household.villageCode);
    return household;
  }

  /** 住房面积红线: refused above persons × the configured limit, with area, members and limit. */
  private checkArea(areaM2: number, persons: number): void {
    const limit = this.config.relocation.maxM2PerPerson;
    const check = checkHousingArea(areaM2, persons, limit);
    if (!check.ok)
      throw ruleRefusal(check.refusal, {
        areaM2,
        members: persons,
        limitM2PerPerson: limit,
        maxAreaM2: check.refusal.maxAreaM2,
      });
  }

  /** The household's subsidy under the province's policy version of this year, and its tranches (exact to the fen). */
  private subsidy(countyCode: string, mode: string, persons: number) {
    const year = new Date().getUTCFullYear();
    const resolved = resolveRelocationPolicy(this.config.relocation.policies, countyCode.slice(0, 2), year);
    if (!resolved.ok) throw ruleRefusal(resolved.refusal);
    const subsidyFen = householdSubsidyFen(resolved.policy, { persons, mode, countyCode });
    return { subsidyFen, tranches: householdTranches(subsidyFen, mode, resolved.policy.tranchePlan) };
  }

  /** A plan needs the consent standing (not withdrawn) and the case not yet past the township's review. */
  private assertPlannable(id: string, status: string): void {
    if (status === 'withdrawn') throw caseRefusals.consentWithdrawn(id);
    if (!PLANNABLE.includes(status)) throw caseRefusals.planClosed(id, status);
  }

  /** The case locked, still plannable (checked again under the lock), with no tranche paid yet. */
  private async lockPlannable(tx: RelocationTx, id: string): Promise<CaseRow> {
    const c = await this.cases.lock(tx, id);
    if (!c) throw caseRefusals.notFound(id);
    this.assertPlannable(id, c.status);
    if ((await this.cases.paidTranches(tx, id)) > 0) throw caseRefusals.planClosed(id, c.status);
    return c;
  }

  /** The site locked, of the right mode and county, with a home free unless this case holds one there already. */
  private async reserveHome(tx: RelocationTx, c: CaseRow, plan: PlanRecord, siteCode: string): Promise<void> {
    const site = await this.cases.lockSite(tx, siteCode);
    if (!site) throw caseRefusals.siteUnknown(siteCode);
    this.checkSite(c, plan, site);
    const allocated = await this.cases.homesTaken(tx, site.code, c.id);
    const capacity = checkSiteCapacity({ capacity: site.capacityHomes, allocated });
    if (!capacity.ok) throw caseRefusals.siteFull(site.code, capacity.refusal, capacity.refusal.message);
  }

  private checkSite(c: CaseRow, plan: PlanRecord, site: { countyCode: string; mode: string } | null): void {
    const problems = checkModeAndSite({
      mode: plan.mode,
      siteCode: plan.siteCode,
      siteCountyCode: site?.countyCode ?? null,
      householdCountyCode: c.countyCode,
      siteMode: site?.mode ?? null,
    });
    if (problems.length) throw ruleRefusal(problems[0], problems);
  }

  /** The signature (谁签字谁负责) on the audit chain, in the change's transaction. */
  private async sign(
    tx: RelocationTx,
    actor: Actor,
    c: Pick<CaseRow, 'id' | 'villageCode'>,
    action: string,
    after: unknown,
    reason: string,
  ): Promise<void> {
    await appendAudit(tx, {
      actorSubject: actor.subject,
      actorRole: actor.role,
      jurisdiction: actor.jurisdiction,
      action,
      subjectType: 'relocation_case',
      subjectId: c.id,
      after: { villageCode: c.villageCode, ...(after as object) },
      reason,
    });
  }
}
