import { z } from 'zod';
import { JOB_KINDS, PUBLIC_WELFARE_CATEGORIES } from '@fupin/industry-rules';
import { bilingual } from '@fupin/service-kit';

const fen = (description: string) =>
  z
    .number()
    .int(bilingual('须为整数（分）', 'must be whole fen'))
    .min(1, bilingual('须大于0', 'must be above 0'))
    .max(100_000_000)
    .meta({ description: `${description}, in fen (分)` });
const fenOut = (description: string) =>
  z
    .number()
    .int()
    .meta({ description: `${description}, in fen (分)` });
const division = z
  .string()
  .regex(/^(\d{6}|\d{9}|\d{12})$/, bilingual('须为6、9或12位区划代码', 'must be a 6, 9 or 12-digit division code'));

/** `POST /jobs`: a job at a partner of the county, or a public-welfare post (公益岗位). */
export const jobBody = z
  .object({
    kind: z.enum(JOB_KINDS).meta({ description: 'partner_job 企业岗位 | public_welfare_post 公益岗位' }),
    partnerId: z.uuid().optional().meta({ description: 'partner jobs: the employing partner, of the same county' }),
    category: z
      .enum(PUBLIC_WELFARE_CATEGORIES)
      .optional()
      .meta({ description: 'public-welfare posts: 护路, 保洁, 护林, 生态护林员, 水利管护, other' }),
    postName: z.string().trim().min(1).max(200).meta({ description: 'the post, e.g. 村道养护员' }),
    divisionCode: division.meta({ description: 'where the work is: the county, a township or a village' }),
    monthlyWageFen: fen('the monthly wage offered'),
    positions: z.number().int().min(1).max(10_000).default(1).meta({ description: 'how many people it takes' }),
  })
  .strict();
export type JobInput = z.output<typeof jobBody>;

export const jobQuery = z.object({
  division: division.meta({ description: 'the county, township or village' }),
  kind: z.enum(JOB_KINDS).optional(),
});

export const jobSummary = z
  .object({
    id: z.uuid(),
    kind: z.enum(JOB_KINDS),
    partnerId: z.uuid().nullable(),
    category: z.enum(PUBLIC_WELFARE_CATEGORIES).nullable(),
    postName: z.string(),
    divisionCode: z.string(),
    countyCode: z.string(),
    monthlyWageFen: fenOut('the monthly wage offered'),
    positions: z.number().int(),
    placed: z.number().int().meta({ description: 'people placed' }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'EmploymentJob', description: 'A job at a partner or a public-welfare post (就业扶贫)' });
export type JobSummary = z.output<typeof jobSummary>;

export const jobList = z
  .object({ division: z.string(), jobs: z.array(jobSummary) })
  .meta({ id: 'EmploymentJobList', description: 'The jobs in the division, newest first' });

/** `POST /jobs/:jobId/placements`: a member of a registered household placed in the job. */
export const placementBody = z
  .object({
    idNumber: z
      .string()
      .regex(/^\d{17}[\dX]$/, bilingual('须为18位居民身份证号', 'must be an 18-character resident ID number'))
      .meta({ description: "the person's resident ID number: a member of a registered household" }),
    startedOn: z.iso
      .date(bilingual('须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date'))
      .meta({ description: 'the first day of work' }),
    monthlyWageFen: fen('the monthly wage agreed'),
  })
  .strict();
export type PlacementInput = z.output<typeof placementBody>;

export const wageBody = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, bilingual('须为 YYYY-MM 格式的月份', 'must be a YYYY-MM month'))
      .meta({ description: 'the month the wage is for' }),
    amountFen: fen('the wage paid for the month'),
  })
  .strict();
export type WageInput = z.output<typeof wageBody>;

export const wageView = z.object({
  month: z.string(),
  amountFen: fenOut('the wage paid'),
  earnedOn: z.iso.date(),
  incomeId: z.uuid().meta({ description: 'the income.recorded sent to identification' }),
  recordedBy: z.string(),
  recordedAt: z.iso.datetime(),
});
export type WageView = z.output<typeof wageView>;

export const placementView = z
  .object({
    id: z.uuid(),
    jobId: z.uuid(),
    householdId: z.uuid(),
    villageCode: z.string(),
    idNumber: z.string(),
    personName: z.string(),
    startedOn: z.iso.date(),
    monthlyWageFen: fenOut('the monthly wage agreed'),
    placedBy: z.string(),
    placedAt: z.iso.datetime(),
    wages: z.array(wageView),
  })
  .meta({ id: 'EmploymentPlacement', description: 'A person placed in a job, with the wages recorded' });
export type PlacementView = z.output<typeof placementView>;

export const jobView = jobSummary
  .extend({ placements: z.array(placementView.omit({ wages: true })) })
  .meta({ id: 'EmploymentJobWithPlacements', description: 'A job with the people placed in it' });
export type JobView = z.output<typeof jobView>;
