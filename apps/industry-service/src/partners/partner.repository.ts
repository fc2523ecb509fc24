import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import type { Actor } from '../actor';
import type { IndustryDb } from '../db';
import type { Partner } from '../generated/prisma/client';
import { partnerRefusals } from './partner.refusals';
import type { PartnerInput, PartnerRegistered, PartnerView } from './partner.schema';

const toView = (p: Partner): PartnerView => ({
  id: p.id,
  creditCode: p.creditCode,
  name: p.name,
  kind: p.kind as PartnerView['kind'],
  countyCode: p.countyCode,
  bankAccountRef: p.bankAccountRef,
  registeredBy: p.registeredBy,
  registeredAt: p.registeredAt.toISOString(),
});

/** Partners (经营主体): the only place their SQL lives. */
@Injectable()
export class PartnerRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  /** A new partner and its audit record, once per Idempotency-Key; a credit code already registered is 409. */
  register(input: PartnerInput, actor: Actor, idempotencyKey: string) {
    return this.db.$transaction(async (tx) =>
      onceForKey<PartnerRegistered>(tx, 'industry.partner.register', idempotencyKey, input, async () => {
        const id = randomUUID();
        const inserted = await tx.$executeRawUnsafe(
          `INSERT INTO partner (id, credit_code, name, kind, county_code, bank_account_ref, registered_by)
           VALUES ($1::uuid, $2, $3, $4, $5, $6, $7) ON CONFLICT (credit_code) DO NOTHING`,
          id,
          input.creditCode,
          input.name,
          input.kind,
          input.countyCode,
          input.bankAccountRef,
          actor.subject,
        );
        if (inserted !== 1) throw partnerRefusals.creditCodeTaken(input.creditCode);
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'industry.partner.register',
          subjectType: 'partner',
          subjectId: id,
          after: input,
          reason: 'partner registered (经营主体登记)',
        });
        return { status: 201, body: { id } };
      }),
    );
  }

  async find(id: string): Promise<PartnerView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const p = await this.db.partner.findUnique({ where: { id } });
    return p && toView(p);
  }

  async inCounty(countyCode: string): Promise<PartnerView[]> {
    return (await this.db.partner.findMany({ where: { countyCode }, orderBy: { name: 'asc' } })).map(toView);
  }
}
