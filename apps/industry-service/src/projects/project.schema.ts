import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

/** 一村一品: the kinds of industry projects. */
export const PROJECT_KINDS = ['planting', 'breeding', 'rural_tourism', 'handicraft', 'processing', 'services'] as const;
/** 资金来源: 专项资金, 帮扶资金, 整合资金, 信贷. */
export const FUND_SOURCES = ['special_fund', 'assistance_fund', 'integrated_fund', 'credit'] as const;

const fen = (description: string) =>
  z
    .number()
    .int(bilingual('须为整数（分）', 'must be whole fen'))
    .meta({ description: `${description}, in fen (分)` });

/** `POST /projects`: an industry project of a village or township, its budget, fund source and beneficiaries. */
export const projectBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(PROJECT_KINDS).meta({ description: '种植 planting, 养殖 breeding, 乡村旅游, 手工, 加工, 服务' }),
    divisionCode: z
      .string()
      .regex(
        /^(\d{9}|\d{12})$/,
        bilingual('须为9位乡镇或12位村代码', 'must be a 9-digit township or 12-digit village code'),
      )
      .meta({ description: 'the village or township the project belongs to' }),
    year: z.number().int().min(2000).max(2100),
    budgetFen: fen('the budget').min(1, bilingual('预算须大于0', 'the budget must be above 0')).max(100_000_000_000),
    fundSource: z.enum(FUND_SOURCES).meta({ description: '专项资金, 帮扶资金, 整合资金, 信贷' }),
    partnerId: z
      .uuid()
      .optional()
      .meta({ description: 'the enterprise or cooperative carrying it, of the same county' }),
    expectedIncomeFenPerHousehold: fen('expected yearly income per beneficiary household').min(0).max(10_000_000),
    beneficiaries: z
      .array(z.uuid())
      .max(5_000)
      .meta({ description: 'registered households of the division (受益户), each once' }),
  })
  .strict();
export type ProjectInput = z.output<typeof projectBody>;

export const projectQuery = z.object({
  division: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/, bilingual('须为6、9或12位区划代码', 'must be a 6, 9 or 12-digit division code')),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const projectSummary = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(PROJECT_KINDS),
    divisionCode: z.string(),
    countyCode: z.string(),
    year: z.number().int(),
    budgetFen: fen('the budget'),
    fundSource: z.enum(FUND_SOURCES),
    partnerId: z.uuid().nullable(),
    expectedIncomeFenPerHousehold: fen('expected yearly income per beneficiary household'),
    households: z.number().int().meta({ description: 'beneficiary households' }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'IndustryProjectSummary' });
export type ProjectSummary = z.output<typeof projectSummary>;

export const projectView = projectSummary
  .extend({
    beneficiaries: z.array(z.object({ householdId: z.uuid(), villageCode: z.string(), headName: z.string() })),
  })
  .meta({ id: 'IndustryProject', description: 'An industry project (产业项目) with its beneficiary households' });
export type ProjectView = z.output<typeof projectView>;

export const projectList = z
  .object({ division: z.string(), projects: z.array(projectSummary) })
  .meta({ id: 'IndustryProjectList', description: 'The projects in the division, newest first' });

export const projectCreated = z
  .object({ id: z.uuid() })
  .meta({ id: 'IndustryProjectCreated', description: 'The project recorded; read it with GET /projects/{id}' });
export type ProjectCreated = z.output<typeof projectCreated>;
