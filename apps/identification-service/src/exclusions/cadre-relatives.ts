import { z } from 'zod';
import { appendAudit } from '@fupin/audit';
import { validateResidentId } from '@fupin/identification-rules';
import type { SqlExecutor } from '@fupin/persistence';
import type { ImportActor } from '../imports/roster-import';
import { bilingual } from '@fupin/service-kit';

/** 村干部亲属名单: relatives of a village's cadres. A household with such a member is flagged for township review. */

const today = () => new Date().toISOString().slice(0, 10);

export const MAX_RELATIVES_PER_REQUEST = 2000;

const relative = z
  .object({
    idNumber: z.string().trim(),
    cadreName: z
      .string()
      .trim()
      .min(1, bilingual('须填写村干部姓名（cadreName）', 'cadreName is required (村干部姓名)'))
      .max(50),
    relation: z
      .string()
      .trim()
      .min(
        1,
        bilingual(
          '须填写亲属关系（如 配偶、子女、兄弟姐妹）',
          'relation is required (亲属关系, e.g. 配偶, 子女, 兄弟姐妹)',
        ),
      )
      .max(20),
  })
  .superRefine((r, ctx) => {
    const checked = validateResidentId(r.idNumber, today());
    if (!checked.ok)
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: `${checked.message.en} (${checked.message['zh-CN']})`,
      });
  });

const list = z
  .array(relative)
  .min(1, bilingual('至少须有一名亲属', 'at least one relative'))
  .max(MAX_RELATIVES_PER_REQUEST);

/** A JSON list of relatives, bare or as `{ relatives: [...] }`; the same ID number twice is refused. */
export const cadreRelativesBody = z
  .union([list, z.object({ relatives: list })])
  .transform((b) => (Array.isArray(b) ? b : b.relatives))
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((r, i) => {
      const id = r.idNumber.toUpperCase();
      if (seen.has(id))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'idNumber'],
          message: 'the same ID number appears twice in the list (名单中身份证号重复)',
        });
      seen.add(id);
    });
  });

export type CadreRelativeInput = z.infer<typeof cadreRelativesBody>[number];

/** Upsert by (village, ID number) with one audit record, inside the caller's transaction. */
export async function saveCadreRelatives(
  tx: SqlExecutor,
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
  const total = await tx.$queryRawUnsafe<{ n: number | bigint }[]>(
    `SELECT count(*)::int AS n FROM cadre_relative WHERE village_code = $1`,
    villageCode,
  );
  return { villageCode, saved: items.length, total: Number(total[0].n) };
}

export async function listCadreRelatives(db: SqlExecutor, villageCode: string) {
  const rows = await db.$queryRawUnsafe<
    { id_number: string; cadre_name: string; relation: string; loaded_by: string; loaded_at: Date | string }[]
  >(
    `SELECT id_number, cadre_name, relation, loaded_by, loaded_at FROM cadre_relative WHERE village_code = $1 ORDER BY cadre_name, id_number`,
    villageCode,
  );
  return rows.map((r) => ({
    idNumber: r.id_number,
    cadreName: r.cadre_name,
    relation: r.relation,
    loadedBy: r.loaded_by,
    loadedAt: new Date(r.loaded_at).toISOString(),
  }));
}
