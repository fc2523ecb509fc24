import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import {
  type DividendContract,
  dividendSchedule,
  dividendTermEnd,
  recordDividendPayment,
  yearlyDividendFen,
} from '@fupin/industry-rules';
import { dividendScheduleId } from '@fupin/industry-workflows';
import { InjectConfig, InjectWorkflows, type Workflows } from '@fupin/service-kit';
import { actorOf, countyOf } from '../actor';
import type { IndustryConfig } from '../config';
import { ruleRefusal } from '../partners/partner.refusals';
import { projectRefusals } from '../projects/project.refusals';
import { shanghaiDay } from './dividend.clock';
import { type ContractRow, DividendRepository, type ItemRow } from './dividend.repository';
import { dividendRefusals } from './dividend.refusals';
import { deleteDividendSchedule, ensureDividendSchedule } from './dividend.schedule';
import type { ContractInput, ContractView, PaymentInput } from './dividend.schema';
import { contractStatus, paymentsOf, settled } from './dividend.status';

const rulesContract = (
  c: Pick<ContractInput, 'principalFen' | 'dividend' | 'paymentDates' | 'startOn' | 'termYears'>,
) =>
  ({
    principalFen: c.principalFen,
    dividend: c.dividend,
    paymentDates: c.paymentDates,
    startOn: c.startOn,
    termYears: c.termYears,
  }) as DividendContract;

/**
 * 入股分红: the county industry office records a household's contract with a partner (its items with it, then the
 * Temporal schedule `dividend:<id>` that raises them), and each payment of the partner, once per item.
 */
@Injectable()
export class DividendService {
  constructor(
    private readonly dividends: DividendRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: IndustryConfig,
  ) {}

  async create(principal: Principal, input: ContractInput, idempotencyKey: string) {
    const household = await this.dividends.household(input.householdId);
    if (!household || household.exitedAt) throw dividendRefusals.householdNotRegistered(input.householdId);
    assertJurisdiction(principal, household.villageCode, 'householdId');
    const partner = await this.dividends.partner(input.partnerId);
    if (!partner) throw projectRefusals.partnerUnknown(input.partnerId);
    const county = countyOf(household.villageCode);
    if (partner.countyCode !== county) throw projectRefusals.partnerOfAnotherCounty(input.partnerId, county);
    const planned = dividendSchedule(rulesContract(input));
    if (!planned.ok) throw ruleRefusal(planned.violations[0], planned.violations);
    const id = randomUUID();
    const c = {
      id,
      scheduleId: dividendScheduleId(id),
      villageCode: household.villageCode,
      termEndOn: dividendTermEnd(input),
    };
    const result = await this.dividends.create(c, input, planned.schedule, actorOf(principal), idempotencyKey);
    // after the commit; a replayed request (e.g. after a crash before this line) creates it now
    await this.ensureSchedule(result.body.id);
    return result;
  }

  /** Create the contract's schedule unless it exists or the contract is settled (idempotent). */
  async ensureSchedule(id: string): Promise<void> {
    const c = await this.dividends.find(id);
    if (!c || c.scheduleClosedAt) return;
    const items = await this.dividends.items(id);
    if (settled(items)) return;
    const dueOns = items.map((i) => i.dueOn);
    await ensureDividendSchedule(
      this.workflows.temporal,
      { contractId: id, scheduleId: c.scheduleId, dueOns },
      this.config.dividends.test,
    );
    if (!c.scheduleCreatedAt) await this.dividends.markSchedule(id, 'created');
  }

  /** `POST …/schedule`: the industry office re-creates a schedule that is missing. */
  async recreateSchedule(principal: Principal, id: string): Promise<ContractView> {
    await this.get(principal, id);
    await this.ensureSchedule(id);
    return this.get(principal, id);
  }

  /** The partner's payment of one item: exactly once (the contract's lock), for the exact amount. */
  async pay(principal: Principal, id: string, input: PaymentInput, idempotencyKey: string) {
    const actor = actorOf(principal);
    const result = await this.dividends.transaction(async (tx) => {
      const c = await this.dividends.lock(tx, id);
      if (!c) throw dividendRefusals.notFound(id);
      assertJurisdiction(principal, c.villageCode);
      return this.dividends.onceForPayment(tx, idempotencyKey, { id, ...input }, async () => {
        const items = await this.dividends.items(id, tx);
        const r = recordDividendPayment(items, paymentsOf(items), input, shanghaiDay());
        if (!r.ok) throw dividendRefusals.payment(r.refusal);
        const incomeId = input.kind === 'dividend' ? randomUUID() : null;
        return { status: 201, body: await this.dividends.recordPayment(tx, c, input, incomeId, actor) };
      });
    });
    if (settled(await this.dividends.items(id))) await this.closeSchedule(id);
    return result;
  }

  async closeSchedule(id: string): Promise<void> {
    const c = await this.dividends.find(id);
    if (!c || c.scheduleClosedAt) return;
    await deleteDividendSchedule(this.workflows.temporal, c.scheduleId);
    await this.dividends.markSchedule(id, 'closed');
  }

  async get(principal: Principal, id: string): Promise<ContractView> {
    const c = await this.dividends.find(id);
    if (!c) throw dividendRefusals.notFound(id);
    assertJurisdiction(principal, c.villageCode);
    return this.view(c, await this.dividends.items(id));
  }

  async list(principal: Principal, householdId: string) {
    const household = await this.dividends.household(householdId);
    if (!household) return { householdId, contracts: [] }; // a household industry does not know has no contracts
    assertJurisdiction(principal, household.villageCode, 'householdId');
    const ids = await this.dividends.forHousehold(householdId);
    return { householdId, contracts: await Promise.all(ids.map((id) => this.get(principal, id))) };
  }

  private view(c: ContractRow, items: ItemRow[]): ContractView {
    const status = contractStatus(items, shanghaiDay(), this.config.dividends.missedAfterDays);
    return {
      id: c.id,
      householdId: c.householdId,
      villageCode: c.villageCode,
      partnerId: c.partnerId,
      partnerName: c.partnerName,
      principalFen: c.principalFen,
      fundSource: c.fundSource,
      fundRef: c.fundRef,
      dividend: c.dividend,
      paymentDates: c.paymentDates as ContractView['paymentDates'],
      yearlyDividendFen: yearlyDividendFen(c),
      startOn: c.startOn,
      termYears: c.termYears,
      termEndOn: c.termEndOn,
      scheduleId: c.scheduleId,
      schedule: c.scheduleClosedAt ? 'closed' : c.scheduleCreatedAt ? 'active' : 'pending',
      items: status.items.map((s, n) => ({
        dueOn: s.dueOn,
        kind: s.kind,
        contractYear: s.contractYear,
        amountFen: s.amountFen,
        status: s.status,
        graceEndsOn: s.graceEndsOn,
        raisedAt: items[n].raisedAt?.toISOString() ?? null,
        missedAt: items[n].missedAt?.toISOString() ?? null,
        paidOn: s.paidOn,
        paidLate: s.paidLate,
        paymentRef: items[n].paymentRef,
        incomeId: items[n].incomeId,
      })),
      arrearsFen: status.arrearsFen,
      dueFen: status.dueFen,
      paidFen: status.paidFen,
      inArrears: status.arrearsFen > 0,
      createdBy: c.createdBy,
      createdAt: c.createdAt.toISOString(),
    };
  }
}
