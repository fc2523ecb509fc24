import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

/** `GET /reports/industry?division=&format=`. */
export const industryReportQuery = z.object({
  division: z
    .string()
    .regex(
      /^(\d{6}|\d{9}|\d{12})$/,
      bilingual('须为6、9或12位行政区划代码', 'must be a 6, 9 or 12-digit division code'),
    ),
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .default('json')
    .meta({ description: 'json (default), csv or xlsx (the same rows; xlsx with bilingual headers, money in yuan)' }),
});

export const INDUSTRY_REPORT_LEVELS = ['total', 'county', 'township', 'village'] as const;

const count = (description: string) => z.number().int().meta({ description });

export const industryReportRow = z
  .object({
    level: z.enum(INDUSTRY_REPORT_LEVELS),
    key: z.string().meta({ description: 'the division code (the asked division for the total)' }),
    households: count('households served by any item (each counted once)'),
    loansActive: count('microcredit loans being repaid (扶贫小额信贷, disbursed, not repaid)'),
    loanPrincipalFen: count('principal of the loans being repaid, fen'),
    loanRepaidFen: count('repaid on those loans so far (principal and interest), fen'),
    loansInArrears: count('loans in arrears (逾期)'),
    subsidyPaidFen: count('interest subsidy paid to the bank, net of clawbacks (贴息), fen'),
    dividendsDue: count('dividend payments due and not yet paid'),
    dividendsPaid: count('dividend payments paid'),
    dividendsPaidFen: count('dividends paid, fen'),
    dividendsMissed: count('dividend payments missed (欠付)'),
    dividendsMissedFen: count('dividends missed, fen'),
    fiscalSupports: count('fiscal support decisions (财政扶持)'),
    fiscalSupportFen: count('fiscal support decided, fen'),
    fiscalDelivered: count('fiscal supports delivered (signed by the household)'),
    jobs: count('people placed in jobs or public-welfare posts (就业)'),
    wagesFen: count('wages recorded, fen'),
    projects: count('industry projects (一村一品): a township project counts at township and county level only'),
    fundsAllocation: count('projects whose funds wait for the allocation (资金安排)'),
    fundsImplementation: count('… for the start of implementation (项目实施)'),
    fundsAcceptance: count('… for the acceptance (项目验收)'),
    fundsNotice: count('… in or before the funds notice, or rectification (公告公示)'),
    fundsDisbursement: count('… for the disbursement (资金拨付)'),
    fundsDisbursed: count('projects whose funds were disbursed'),
    fundsDisbursedFen: count('project funds disbursed, fen'),
  })
  .meta({ id: 'IndustryReportRow' });
export type IndustryReportRow = z.output<typeof industryReportRow>;

export const industryReport = z.object({ division: z.string(), rows: z.array(industryReportRow) }).meta({
  id: 'IndustryReport',
  description:
    'Industry-support figures (产业扶贫统计) derived from the loans, dividends, fiscal support, jobs and project funds, never typed in: the total, then per county, township and village',
});
export type IndustryReport = z.output<typeof industryReport>;

export const INDUSTRY_REPORT_COLUMNS = Object.keys(industryReportRow.shape) as (keyof IndustryReportRow)[];
