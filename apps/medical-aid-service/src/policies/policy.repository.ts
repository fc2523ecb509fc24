import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import type { MedicalAidDb } from '../db';
import type { MedicalPolicy } from '../generated/prisma/client';
import type { CreatePolicyInput, PolicyVersion } from './policy.schema';

export interface Actor {
  subject: string;
  role: string;
  jurisdiction: string;
}

const view = (r: MedicalPolicy): PolicyVersion => ({
  id: r.id,
  countyCode: r.countyCode,
  year: r.year,
  version: r.version,
  // the JSON column holds the policy validatePolicy accepted when it was published
  policy: r.policy as unknown as PolicyVersion['policy'],
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  usedAt: r.usedAt === null ? null : r.usedAt.toISOString(),
});

/** The counties' medical policies, versioned: the only place their SQL lives (claims read them in claim.repository). */
@Injectable()
export class PolicyRepository {
  constructor(@InjectDb() private readonly db: MedicalAidDb) {}

  /**
   * A new version (the next number for the county and year, under an advisory lock) and its audit record, once per
   * Idempotency-Key. SQL: the advisory lock, and the next version number computed in the INSERT itself.
   */
  publish(input: CreatePolicyInput, actor: Actor, idempotencyKey: string) {
    return this.db.$transaction(async (tx) =>
      onceForKey<PolicyVersion>(tx, 'policy.create', idempotencyKey, input, async () => {
        await tx.$executeRawUnsafe(
          `SELECT pg_advisory_xact_lock(hashtext($1))`,
          `policy:${input.countyCode}:${input.year}`,
        );
        const id = randomUUID();
        const rows = await tx.$queryRawUnsafe<MedicalPolicy[]>(
          `INSERT INTO medical_policy (id, county_code, year, version, policy, created_by)
           VALUES ($1::uuid, $2::varchar, $3::int, COALESCE((SELECT max(version) FROM medical_policy WHERE county_code = $2::varchar AND year = $3::int), 0) + 1, $4::jsonb, $5)
           RETURNING id::text AS id, county_code AS "countyCode", year, version, policy, created_by AS "createdBy",
                     created_at AS "createdAt", used_at AS "usedAt"`,
          id,
          input.countyCode,
          input.year,
          JSON.stringify(input.policy),
          actor.subject,
        );
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'policy.publish',
          subjectType: 'medical_policy',
          subjectId: id,
          after: input.policy,
          reason: `${input.countyCode} ${input.year} v${rows[0].version}`,
        });
        return { status: 201, body: view(rows[0]) };
      }),
    );
  }

  /** The versions of a county's policy for a year, newest first. */
  async versions(countyCode: string, year: number): Promise<PolicyVersion[]> {
    const rows = await this.db.medicalPolicy.findMany({ where: { countyCode, year }, orderBy: { version: 'desc' } });
    return rows.map(view);
  }
}
