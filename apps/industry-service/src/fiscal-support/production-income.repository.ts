import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { addToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import type { Actor } from '../actor';
import type { IndustryDb } from '../db';
import type { ProductionIncome } from '../generated/prisma/client';
import type { ProductionIncomeInput, ProductionIncomeView } from './fiscal-support.schema';

const toView = (r: ProductionIncome): ProductionIncomeView => ({
  incomeId: r.id,
  householdId: r.householdId,
  villageCode: r.villageCode,
  source: 'production',
  earnedOn: r.earnedOn.toISOString().slice(0, 10),
  amountFen: Number(r.amountFen),
  reference: r.reference,
  recordedBy: r.recordedBy,
  recordedAt: r.recordedAt.toISOString(),
});

/**
 * 生产经营性收入: the only place its SQL lives. The row, its audit record and `income.recorded` (through the outbox)
 * in one transaction, once per Idempotency-Key: identification shows it as known income of the household.
 */
@Injectable()
export class ProductionIncomeRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  record(
    id: string,
    household: { householdId: string; villageCode: string },
    input: ProductionIncomeInput,
    actor: Actor,
    idempotencyKey: string,
  ) {
    const scope = `industry.production-income:${household.householdId}`;
    return this.db.$transaction((tx) =>
      onceForKey<{ id: string }>(tx, scope, idempotencyKey, input, async () => {
        await tx.productionIncome.create({
          data: {
            id,
            ...household,
            earnedOn: new Date(`${input.earnedOn}T00:00:00Z`),
            amountFen: BigInt(input.amountFen),
            reference: input.reference,
            recordedBy: actor.subject,
          },
        });
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'industry.production_income',
          subjectType: 'household',
          subjectId: household.householdId,
          after: { incomeId: id, ...input },
          reason: 'production income recorded (生产经营性收入)',
        });
        const payload = { ...household, incomeId: id, source: 'production' as const, ...input };
        const event = buildEvent(contracts.incomeRecorded, { aggregateId: household.householdId, actor, payload });
        await addToOutbox(tx, contracts.incomeRecorded.topic, event);
        return { status: 201, body: { id } };
      }),
    );
  }

  async find(id: string): Promise<ProductionIncomeView | null> {
    const row = await this.db.productionIncome.findUnique({ where: { id } });
    return row && toView(row);
  }

  async ofHousehold(householdId: string): Promise<ProductionIncomeView[]> {
    const rows = await this.db.productionIncome.findMany({
      where: { householdId },
      orderBy: [{ earnedOn: 'desc' }, { recordedAt: 'desc' }],
    });
    return rows.map(toView);
  }
}
