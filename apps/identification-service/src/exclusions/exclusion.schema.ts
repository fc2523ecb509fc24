import { z } from 'zod';
import { EXCLUSION_SOURCES, validateResidentId } from '@fupin/identification-rules';
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

const message = z.object({ 'zh-CN': z.string(), en: z.string() });
const source = z.enum(EXCLUSION_SOURCES).meta({ description: '四不列 data source' });

/** The loads of a county, newest first. */
export const exclusionBatches = z
  .object({
    county: z.string(),
    batches: z.array(
      z
        .object({
          id: z.uuid(),
          source,
          countyCode: z.string(),
          fileName: z.string(),
          fileSha256: z.string(),
          rows: z.number().int().meta({ description: 'records loaded' }),
          loadedBy: z.object({
            subject: z.string(),
            role: z.string().nullable(),
            jurisdiction: z.string().nullable().meta({ description: 'which department (from the audit record)' }),
          }),
          loadedAt: z.iso.datetime(),
          jobId: z.string().nullable().meta({ description: 'the import job that loaded it' }),
        })
        .meta({ id: 'ExclusionBatch', description: "A department's load of exclusion data (比对数据)" }),
    ),
  })
  .meta({ id: 'ExclusionBatches' });

/** 四不列比对 of one household. */
export const exclusionCheck = z
  .object({
    householdId: z.uuid(),
    villageCode: z.string(),
    memberCount: z.number().int(),
    checkedAt: z.iso.datetime(),
    excluded: z.boolean().meta({ description: 'at least one hit excludes the household (不予纳入)' }),
    hits: z.array(
      z.object({
        source,
        idNumber: z.string(),
        memberName: z.string(),
        detail: z
          .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
          .nullable()
          .meta({ description: "the record's source-specific facts, e.g. plateNumber, vehicleType, productive" }),
        loadedAt: z.iso.datetime(),
        batchId: z.string(),
        excludes: z.boolean().meta({ description: 'false for a productive vehicle (生产性车辆): recorded only' }),
      }),
    ),
    flaggedForTownshipReview: z.boolean().meta({ description: "a member is a cadre's relative (村干部亲属)" }),
    relativeHits: z.array(
      z.object({ idNumber: z.string(), memberName: z.string(), cadreName: z.string(), relation: z.string() }),
    ),
    reasons: z.array(message),
  })
  .meta({ id: 'HouseholdExclusionCheck' });

export const cadreRelativesSaved = z
  .object({
    villageCode: z.string(),
    saved: z.number().int(),
    total: z.number().int().meta({ description: "entries on the village's list now" }),
  })
  .meta({ id: 'CadreRelativesSaved' });

export const cadreRelativeList = z
  .object({
    villageCode: z.string(),
    relatives: z.array(
      z.object({
        idNumber: z.string(),
        cadreName: z.string(),
        relation: z.string(),
        loadedBy: z.string(),
        loadedAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'CadreRelatives', description: "The village's cadre-relative list (村干部亲属名单)" });
