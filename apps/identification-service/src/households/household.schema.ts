import { z } from 'zod';
import { HEALTH_STATUSES, LABOUR_ABILITIES, validateResidentId } from '@fupin/identification-rules';
import { bilingual } from '@fupin/service-kit';

const today = () => new Date().toISOString().slice(0, 10);

export const memberBody = z
  .object({
    idNumber: z.string().trim(),
    name: z.string().trim().min(1, bilingual('须填写姓名', 'name is required')).max(100),
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('须为 YYYY-MM-DD 格式的日期', 'must be YYYY-MM-DD')),
    relation: z.string().trim().min(1).max(20), // 与户主关系: 户主, 配偶, 子女 …
    ethnicity: z.string().trim().min(1).max(20).optional(), // 民族
    education: z.string().trim().min(1).max(30).optional(), // 文化程度
    studentStatus: z.string().trim().min(1).max(30).optional(), // 在校生状况
    health: z.enum(HEALTH_STATUSES).optional(), // 健康状况
    labourAbility: z.enum(LABOUR_ABILITIES).optional(), // 劳动能力
    basicMedicalInsured: z.boolean().default(false), // 参加城乡居民基本医疗保险
    pensionInsured: z.boolean().default(false), // 参加城乡居民基本养老保险
  })
  .superRefine((m, ctx) => {
    const checked = validateResidentId(m.idNumber, today());
    if (!checked.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: `${checked.message.en} (${checked.message['zh-CN']})`,
      });
      return;
    }
    if (checked.value.birthDate !== m.birthDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['birthDate'],
        message: `does not match the birth date in the ID number (${checked.value.birthDate}) / 出生日期与身份证号不符`,
      });
    }
  });

export const householdBody = z
  .object({
    villageCode: z.string().regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code')),
    members: z.array(memberBody).min(1, bilingual('至少须有户主一人', 'at least the head of household')).max(30),
  })
  .superRefine((h, ctx) => {
    const heads = h.members.filter((m) => m.relation === '户主').length;
    if (heads !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['members'],
        message: 'exactly one member must have relation 户主 (head of household)',
      });
    const seen = new Set<string>();
    h.members.forEach((m, i) => {
      const id = m.idNumber.toUpperCase();
      if (seen.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['members', i, 'idNumber'],
          message: 'the same ID number appears twice in this household',
        });
      seen.add(id);
    });
  });

export type HouseholdInput = z.infer<typeof householdBody>;

/** 农户申请 recorded: the new household, an applicant until its identification round registers it. */
export const householdApplied = z
  .object({
    id: z.uuid(),
    villageCode: z.string(),
    status: z.literal('applicant'),
    memberCount: z.number().int(),
    appliedAt: z.iso.datetime(),
  })
  .meta({ id: 'HouseholdApplied' });
export type HouseholdApplied = z.output<typeof householdApplied>;

const coded = z.object({ code: z.string(), label: z.object({ 'zh-CN': z.string(), en: z.string() }) });

export const householdView = z
  .object({
    id: z.uuid(),
    villageCode: z.string(),
    status: z.string().meta({ description: 'applicant, registered, refused, withdrawn, exited, …' }),
    createdAt: z.iso.datetime(),
    relocation: z
      .object({ caseId: z.uuid(), relocatedOn: z.iso.date() })
      .nullable()
      .meta({ description: '易地扶贫搬迁 completed (relocation.completed from relocation-service), or null' }),
    members: z.array(
      z.object({
        idNumber: z.string().meta({ description: 'masked (4305**********1234) unless idNumbersMasked is false' }),
        name: z.string(),
        sex: z.string(),
        birthDate: z.iso.date(),
        relation: z.string().meta({ description: '与户主关系: 户主, 配偶, 子女 …' }),
      }),
    ),
    idNumbersMasked: z
      .boolean()
      .meta({ description: 'true unless the reader is a village cadre, township reviewer or county approver' }),
    causes: z
      .object({
        main: coded.nullable().meta({ description: '主要致贫原因, or null if not set yet' }),
        others: z.array(coded).meta({ description: '其他致贫原因 (at most two)' }),
        assistanceCategory: coded.nullable().meta({ description: '帮扶类别 (五个一批), or null if not set yet' }),
      })
      .meta({ description: '致贫原因 and 五个一批 as set (PUT /households/{id}/causes)' }),
    povertyLines: z
      .array(
        z.object({
          incomeYear: z.number().int(),
          povertyLineFen: z.number().int().meta({ description: 'the poverty line of the year (贫困标准), fen/person' }),
          monitoringLineFen: z.number().int().meta({ description: 'the monitoring line (监测线), fen/person' }),
        }),
      )
      .meta({
        description: 'the lines of each income year the household was surveyed in, to read its surveys against',
      }),
  })
  .meta({ id: 'Household', description: 'A household of the register (建档立卡户) and its members' });
export type HouseholdView = z.output<typeof householdView>;
