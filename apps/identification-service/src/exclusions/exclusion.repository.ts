import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import type { IdentificationDb, IdentificationTx, Nullable } from '../db';
import type { AuditRecord, ExclusionBatch, ImportJob } from '../generated/prisma/client';
import type { ImportActor } from '../imports/roster-import';
import { type HouseholdExclusionCheck, checkExclusions } from './check-exclusions';
import type { CadreRelativeInput } from './exclusion.schema';

/**
 * 四不列: the loaded batches and the villages' cadre-relative lists — the only place their SQL lives. SQL for the batch
 * list (with the job and the load's audit record beside each batch) and the list's upsert (ON CONFLICT on village and
 * ID number, stamped with the database clock); model calls for the rest.
 */
@Injectable()
export class ExclusionRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  batches(filter: { countyCode: string; source?: string; limit: number }): Promise<ExclusionBatchView[]> {
    return listExclusionBatches(this.db, filter);
  }

  /** Upsert the village's list once per Idempotency-Key (a replay answers the first result). */
  saveRelatives(villageCode: string, key: string, items: CadreRelativeInput[], actor: ImportActor) {
    return this.db.$transaction((tx) =>
      onceForKey(tx, `cadre-relatives:${villageCode}`, key, items, async () => ({
        status: 200,
        body: await saveCadreRelatives(tx, villageCode, items, actor),
      })),
    );
  }

  relatives(villageCode: string) {
    return listCadreRelatives(this.db, villageCode);
  }

  /** 四不列比对 of one household: check-exclusions.ts (shared with the rounds), reading exclusion-check.repository.ts. */
  check(householdId: string): Promise<HouseholdExclusionCheck> {
    return checkExclusions(this.db, householdId);
  }
}

export interface ExclusionBatchView {
  id: string;
  source: string;
  countyCode: string;
  fileName: string;
  fileSha256: string;
  rows: number;
  /** Who loaded it: subject, and from the load's audit record the role and jurisdiction (which department). */
  loadedBy: { subject: string; role: string | null; jurisdiction: string | null };
  loadedAt: string;
  jobId: string | null;
}

type BatchRow = Pick<
  ExclusionBatch,
  'id' | 'source' | 'countyCode' | 'fileName' | 'fileSha256' | 'rows' | 'loadedBy' | 'loadedAt'
> & { jobId: ImportJob['id'] | null } & Nullable<Pick<AuditRecord, 'actorRole' | 'jurisdiction'>>;

async function listExclusionBatches(
  db: IdentificationDb,
  filter: { countyCode: string; source?: string; limit: number },
): Promise<ExclusionBatchView[]> {
  const rows = await db.$queryRawUnsafe<BatchRow[]>(
    `SELECT b.id::text AS id, b.source, b.county_code AS "countyCode", b.file_name AS "fileName", b.file_sha256 AS "fileSha256", b.rows,
            b.loaded_by AS "loadedBy", b.loaded_at AS "loadedAt", j.id::text AS "jobId", a.actor_role AS "actorRole", a.jurisdiction
       FROM exclusion_batch b
       LEFT JOIN import_job j ON j.kind = 'exclusion.' || b.source AND j.county_code = b.county_code AND j.file_sha256 = b.file_sha256
       LEFT JOIN LATERAL (SELECT actor_role, jurisdiction FROM audit_record
                           WHERE subject_type = 'import_job' AND subject_id = j.id::text AND action = 'exclusion.load' ORDER BY seq DESC LIMIT 1) a ON true
      WHERE b.county_code = $1 AND ($2::text IS NULL OR b.source = $2) ORDER BY b.loaded_at DESC LIMIT ${Math.max(1, Math.min(500, Math.trunc(filter.limit)))}`,
    filter.countyCode,
    filter.source ?? null,
  );
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    countyCode: r.countyCode,
    fileName: r.fileName,
    fileSha256: r.fileSha256,
    rows: Number(r.rows),
    loadedBy: { subject: r.loadedBy, role: r.actorRole, jurisdiction: r.jurisdiction },
    loadedAt: new Date(r.loadedAt).toISOString(),
    jobId: r.jobId,
  }));
}

/** Upsert by (village, ID number) with one audit record, inside the caller's transaction. */
async function saveCadreRelatives(
  tx: IdentificationTx,
  villageCode: string,
  items: CadreRelativeInput[],
  actor: ImportActor,
): Promise<{ villageCode: string; saved: number; total: number }> {
  const ids = items.map((r) => r.idNumber.toUpperCase());
  await tx.$executeRawUnsafe(
    `INSERT INTO cadre_relative (village_code, id_number, cadre_name, relation, loaded_by)
     SELECT $1, t.id_number, t.cadre_name, t.relation, $5 FROM unnest($2::text[], $3::text[], $4::text[]) AS t(id_number, cadre_name, relation)
     ON CONFLICT (village_code, id_number) DO UPDATE SET cadre_name = EXCLUDED.cadre_name, relation = EXCLUDED.relation, loaded_by = EXCLUDED.loaded_by, loaded_at = now()`,
    villageCode,
    ids,
    items.map((r) => r.cadreName),
    items.map((r) => r.relation),
    actor.subject,
  );
  await appendAudit(tx, {
    actorSubject: actor.subject,
    actorRole: actor.role,
    jurisdiction: actor.jurisdiction,
    action: 'cadre_relatives.save',
    subjectType: 'village',
    subjectId: villageCode,
    after: {
      villageCode,
      relatives: items.map((r, i) => ({ idNumber: ids[i], cadreName: r.cadreName, relation: r.relation })),
    },
    reason: `cadre relative list of village ${villageCode}: ${items.length} entries`,
  });
  const total = await tx.cadreRelative.count({ where: { villageCode } });
  return { villageCode, saved: items.length, total };
}

async function listCadreRelatives(db: IdentificationDb, villageCode: string) {
  const rows = await db.cadreRelative.findMany({
    where: { villageCode },
    orderBy: [{ cadreName: 'asc' }, { idNumber: 'asc' }],
    select: { idNumber: true, cadreName: true, relation: true, loadedBy: true, loadedAt: true },
  });
  return rows.map((r) => ({ ...r, loadedAt: r.loadedAt.toISOString() }));
}
