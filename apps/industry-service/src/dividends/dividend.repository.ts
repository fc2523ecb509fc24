import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { appendAudit } from '@fupin/audit';
import { type EventActor, type EventDefinition, buildEvent, contracts } from '@fupin/contracts';
import type { DividendContract, DividendKind, ScheduledDividend } from '@fupin/industry-rules';
import { addToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import { type Actor, countyOf } from '../actor';
import type { IndustryDb, IndustryTx } from '../db';
import type { DividendItem } from '../generated/prisma/client';
import { dateColumn, dateOf } from './dividend.clock';
import type { ContractCreated, ContractInput, PaymentInput, PaymentRecorded } from './dividend.schema';

/** A contract as the service reads it (money as numbers, dates as YYYY-MM-DD). */
export interface ContractRow {
  id: string;
  householdId: string;
  villageCode: string;
  countyCode: string;
  partnerId: string;
  partnerName: string;
  principalFen: number;
  fundSource: ContractInput['fundSource'];
  fundRef: string;
  dividend: DividendContract['dividend'];
  paymentDates: DividendContract['paymentDates'];
  startOn: string;
  termYears: number;
  termEndOn: string;
  scheduleId: string;
  scheduleCreatedAt: Date | null;
  scheduleClosedAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export interface ItemRow extends ScheduledDividend {
  seq: number;
  status: 'scheduled' | 'due' | 'paid' | 'missed';
  raisedBy: string | null;
  raisedAt: Date | null;
  missedCheckAt: Date | null;
  missedAt: Date | null;
  paymentRef: string | null;
  paidOn: string | null;
  incomeId: string | null;
}

const SYSTEM: Actor = { subject: 'system:dividend-schedule', role: 'system', jurisdiction: 'system' };
const SYSTEM_EVENTS: EventActor = { system: 'industry-service.dividends' };

const toItem = (i: DividendItem): ItemRow => ({
  dueOn: dateOf(i.dueOn),
  kind: i.kind as DividendKind,
  seq: i.seq,
  contractYear: i.contractYear,
  amountFen: Number(i.amountFen),
  status: i.status as ItemRow['status'],
  raisedBy: i.raisedBy,
  raisedAt: i.raisedAt,
  missedCheckAt: i.missedCheckAt,
  missedAt: i.missedAt,
  paymentRef: i.paymentRef,
  paidOn: i.paidOn ? dateOf(i.paidOn) : null,
  incomeId: i.incomeId,
});

const itemKey = (contractId: string, i: { dueOn: string; kind: DividendKind }) => ({
  contractId_dueOn_kind: { contractId, dueOn: dateColumn(i.dueOn), kind: i.kind },
});

/** Dividend contracts and their items: the only place their SQL lives. Payments are recorded under the contract's lock. */
@Injectable()
export class DividendRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  transaction<T>(work: (tx: IndustryTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  /** The household as household.registered left it (null: unknown). */
  household(householdId: string) {
    return this.db.registeredHousehold.findUnique({
      where: { householdId },
      select: { villageCode: true, exitedAt: true },
    });
  }

  partner(partnerId: string) {
    return this.db.partner.findUnique({ where: { id: partnerId }, select: { countyCode: true, name: true } });
  }

  /** The contract, its items and its audit record in one transaction, once per Idempotency-Key. */
  create(
    c: { id: string; scheduleId: string; villageCode: string; termEndOn: string },
    input: ContractInput,
    schedule: readonly ScheduledDividend[],
    actor: Actor,
    idempotencyKey: string,
  ) {
    return this.db.$transaction(async (tx) =>
      onceForKey<ContractCreated>(tx, 'industry.dividend-contract.create', idempotencyKey, input, async () => {
        await tx.dividendContract.create({
          data: {
            id: c.id,
            householdId: input.householdId,
            partnerId: input.partnerId,
            villageCode: c.villageCode,
            countyCode: countyOf(c.villageCode),
            principalFen: BigInt(input.principalFen),
            fundSource: input.fundSource,
            fundRef: input.fundRef,
            dividend: input.dividend,
            paymentDates: input.paymentDates,
            startOn: dateColumn(input.startOn),
            termYears: input.termYears,
            termEndOn: dateColumn(c.termEndOn),
            scheduleId: c.scheduleId,
            createdBy: actor.subject,
          },
        });
        await tx.dividendItem.createMany({
          data: schedule.map((s, i) => ({
            contractId: c.id,
            dueOn: dateColumn(s.dueOn),
            kind: s.kind,
            seq: i + 1,
            contractYear: s.contractYear,
            amountFen: BigInt(s.amountFen),
          })),
        });
        const after = { ...input, schedule };
        await this.audit(tx, actor, c.id, 'industry.dividend.contract', after, '入股分红合同登记 (contract recorded)');
        return { status: 201, body: { id: c.id, scheduleId: c.scheduleId, items: schedule.length } };
      }),
    );
  }

  /** A payment request once per Idempotency-Key (inside the caller's transaction, under the contract's lock). */
  onceForPayment(
    tx: IndustryTx,
    key: string,
    request: unknown,
    fn: () => Promise<{ status: number; body: PaymentRecorded }>,
  ) {
    return onceForKey<PaymentRecorded>(tx, 'industry.dividend.payment', key, request, fn);
  }

  async find(id: string, tx: IndustryTx | IndustryDb = this.db): Promise<ContractRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const c = await tx.dividendContract.findUnique({ where: { id }, include: { partner: { select: { name: true } } } });
    if (!c) return null;
    return {
      id: c.id,
      householdId: c.householdId,
      villageCode: c.villageCode,
      countyCode: c.countyCode,
      partnerId: c.partnerId,
      partnerName: c.partner.name,
      principalFen: Number(c.principalFen),
      fundSource: c.fundSource as ContractRow['fundSource'],
      fundRef: c.fundRef,
      dividend: c.dividend as unknown as ContractRow['dividend'],
      paymentDates: c.paymentDates as unknown as ContractRow['paymentDates'],
      startOn: dateOf(c.startOn),
      termYears: c.termYears,
      termEndOn: dateOf(c.termEndOn),
      scheduleId: c.scheduleId,
      scheduleCreatedAt: c.scheduleCreatedAt,
      scheduleClosedAt: c.scheduleClosedAt,
      createdBy: c.createdBy,
      createdAt: c.createdAt,
    };
  }

  /** The contract under its row lock (payments, raising and missing items are serialised per contract). */
  async lock(tx: IndustryTx, id: string): Promise<ContractRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text FROM dividend_contract WHERE id = $1::uuid FOR UPDATE`,
      id,
    );
    return rows.length ? this.find(id, tx) : null;
  }

  async items(contractId: string, tx: IndustryTx | IndustryDb = this.db): Promise<ItemRow[]> {
    const rows = await tx.dividendItem.findMany({ where: { contractId }, orderBy: { seq: 'asc' } });
    return rows.map(toItem);
  }

  async forHousehold(householdId: string): Promise<string[]> {
    const rows = await this.db.dividendContract.findMany({
      where: { householdId },
      select: { id: true },
      orderBy: [{ startOn: 'asc' }, { createdAt: 'asc' }],
    });
    return rows.map((r) => r.id);
  }

  /** Contracts recorded before `before` whose schedule was never created (nor closed). */
  async withoutSchedule(before: Date): Promise<string[]> {
    const rows = await this.db.dividendContract.findMany({
      where: { scheduleCreatedAt: null, scheduleClosedAt: null, createdAt: { lt: before } },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take: 500,
    });
    return rows.map((r) => r.id);
  }

  async markSchedule(id: string, what: 'created' | 'closed'): Promise<void> {
    const at = new Date();
    await this.db.dividendContract.update({
      where: { id },
      data: what === 'created' ? { scheduleCreatedAt: at } : { scheduleClosedAt: at },
    });
  }

  /** The payment on its item (the caller holds the contract's lock and checked it), audited, with its events. */
  async recordPayment(
    tx: IndustryTx,
    c: ContractRow,
    p: PaymentInput,
    incomeId: string | null,
    actor: Actor,
  ): Promise<PaymentRecorded> {
    await tx.dividendItem.update({
      where: itemKey(c.id, p),
      data: {
        status: 'paid',
        paymentRef: p.paymentRef,
        paidOn: dateColumn(p.paidOn),
        incomeId,
        recordedBy: actor.subject,
        recordedAt: new Date(),
      },
    });
    const recorded: PaymentRecorded = { contractId: c.id, ...p, incomeId };
    const what = p.kind === 'principal' ? '本金返还' : '分红';
    await this.audit(tx, actor, c.id, 'industry.dividend.paid', recorded, `${what}到账登记 (payment recorded)`);
    const item = { ...this.itemOf(c), dueOn: p.dueOn, kind: p.kind, amountFen: p.amountFen };
    await this.emit(tx, c.id, actor, contracts.dividendPaid, { ...item, paymentRef: p.paymentRef, paidOn: p.paidOn });
    if (incomeId)
      await this.emit(tx, c.id, actor, contracts.incomeRecorded, {
        householdId: c.householdId,
        villageCode: c.villageCode,
        incomeId,
        source: 'dividend',
        amountFen: p.amountFen,
        earnedOn: p.paidOn,
        reference: `dividend-contract:${c.id}:${p.dueOn}`,
      });
    return recorded;
  }

  /** Items raised as due by one fire (`raisedBy`): each from `scheduled` once, with dividend.due. */
  async raise(tx: IndustryTx, c: ContractRow, items: ItemRow[], raisedBy: string, missedCheckAt: (i: ItemRow) => Date) {
    const raised: ItemRow[] = [];
    for (const i of items) {
      const at = new Date();
      const check = missedCheckAt(i);
      const n = await tx.dividendItem.updateMany({
        where: { contractId: c.id, dueOn: dateColumn(i.dueOn), kind: i.kind, status: 'scheduled' },
        data: { status: 'due', raisedBy, raisedAt: at, missedCheckAt: check },
      });
      if (n.count !== 1) continue;
      raised.push({ ...i, status: 'due', raisedBy, raisedAt: at, missedCheckAt: check });
      const after = { dueOn: i.dueOn, kind: i.kind, amountFen: i.amountFen, raisedBy };
      await this.audit(tx, SYSTEM, c.id, 'industry.dividend.due', after, '应付分红到期 (payment due)');
      await this.emit(tx, c.id, SYSTEM_EVENTS, contracts.dividendDue, { ...this.itemOf(c), ...pick(i) });
    }
    return raised;
  }

  /** An item still due after its period: missed once, dividend.missed, escalated to the county industry office. */
  async miss(tx: IndustryTx, c: ContractRow, i: ItemRow, missedOn: string): Promise<boolean> {
    const n = await tx.dividendItem.updateMany({
      where: { contractId: c.id, dueOn: dateColumn(i.dueOn), kind: i.kind, status: 'due' },
      data: { status: 'missed', missedAt: new Date() },
    });
    if (n.count !== 1) return false;
    const office = `dept:industry@${c.countyCode}`;
    const after = { ...pick(i), missedOn, escalatedTo: office };
    const reason = `逾期未付，上报县产业扶贫办 ${office} (missed, escalated to the county industry office)`;
    await this.audit(tx, SYSTEM, c.id, 'industry.dividend.missed', after, reason);
    await this.emit(tx, c.id, SYSTEM_EVENTS, contracts.dividendMissed, { ...this.itemOf(c), ...pick(i), missedOn });
    return true;
  }

  private itemOf(c: ContractRow) {
    return { householdId: c.householdId, villageCode: c.villageCode, contractId: c.id, partnerId: c.partnerId };
  }

  private async emit<T extends string, V extends number, S extends z.ZodType>(
    tx: IndustryTx,
    contractId: string,
    actor: EventActor,
    contract: EventDefinition<T, V, string, S>,
    payload: z.input<S>,
  ) {
    await addToOutbox(tx, contract.topic, buildEvent(contract, { aggregateId: contractId, actor, payload }));
  }

  private async audit(tx: IndustryTx, actor: Actor, id: string, action: string, after: unknown, reason: string) {
    await appendAudit(tx, {
      actorSubject: actor.subject,
      actorRole: actor.role,
      jurisdiction: actor.jurisdiction,
      action,
      subjectType: 'dividend_contract',
      subjectId: id,
      after,
      reason,
    });
  }
}

const pick = (i: ItemRow) => ({ dueOn: i.dueOn, kind: i.kind, amountFen: i.amountFen });
