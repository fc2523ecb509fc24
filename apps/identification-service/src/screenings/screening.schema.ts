import { z } from 'zod';
import { EXIT_CRITERIA } from '@fupin/exit-rules';
import { bilingual } from '@fupin/service-kit';
import { instant, localizedText } from '../rounds/round.schema';
import { SCREENING_OUTCOMES } from './screening-outcome';

// ── requests ───────────────────────────────────────────────────────────────────────────────────────────────────

export const startScreeningBody = z
  .object({
    divisionCode: z
      .string()
      .regex(
        /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/,
        bilingual(
          '须为省、市、县、乡镇或村的区划代码（2、4、6、9 或 12 位）',
          'must be a province, city, county, township or village code (2, 4, 6, 9 or 12 digits)',
        ),
      )
      .describe('the division screened: every household whose village code starts with it'),
    incomeYear: z.number().int().min(2014).max(2100).describe('the income year judged (its policy and surveys)'),
  })
  .strict();
export type StartScreeningInput = z.output<typeof startScreeningBody>;

export const screeningResultsQuery = z
  .object({
    outcome: z.enum(SCREENING_OUTCOMES).optional().describe('only this outcome'),
    village: z
      .string()
      .regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code'))
      .optional()
      .describe('only this village'),
    cursor: z.uuid().optional().describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(1000).default(100).describe('results per page (1–1000, default 100)'),
  })
  .strict();
export type ScreeningResultsQuery = z.output<typeof screeningResultsQuery>;

// ── responses ──────────────────────────────────────────────────────────────────────────────────────────────────

export const screeningStarted = z
  .object({
    screeningId: z.uuid(),
    workflowId: z.string(),
    status: z.enum(['running', 'completed', 'failed']),
    alreadyRunning: z
      .boolean()
      .meta({ description: 'a screening of this division and year was running already: this is it (200)' }),
  })
  .meta({ id: 'ScreeningStarted', description: 'The screening started (202) or the one already running (200)' });

export const screeningCounts = z
  .object({
    mayExit: z.number().int().meta({ description: '可退出: registered, every exit criterion met' }),
    noLongerEligible: z
      .number()
      .int()
      .meta({ description: '不再符合识别标准: registered, not eligible, some exit criterion failing' }),
    enterMonitoring: z
      .number()
      .int()
      .meta({ description: '应纳入监测: exited, not monitored, the monitoring entry rule triggers' }),
    relapse: z.number().int().meta({ description: '返贫: monitored, income below the poverty line' }),
    undecided: z
      .number()
      .int()
      .meta({ description: 'not judged (no survey of the year, no observation, no policy): counted, not listed' }),
  })
  .meta({ id: 'ScreeningCounts' });

export const screening = z
  .object({
    id: z.uuid(),
    screeningId: z.uuid().meta({ description: 'the same as id' }),
    workflowId: z.string(),
    divisionCode: z.string(),
    incomeYear: z.number().int(),
    status: z.enum(['running', 'completed', 'failed']),
    total: z.number().int().meta({ description: 'households to screen, counted when it was started' }),
    processed: z.number().int().meta({ description: 'households screened so far (committed chunks)' }),
    percent: z.number().meta({ description: 'processed / total × 100, one decimal (100 when total is 0)' }),
    counts: screeningCounts,
    asOf: z.string().meta({ description: 'ages are taken on this day (YYYY-MM-DD)' }),
    startedAt: instant,
    finishedAt: instant.nullable(),
    createdBy: z.string(),
    failure: localizedText.nullable(),
    links: z.object({ self: z.string(), results: z.string(), xlsx: z.string() }),
  })
  .meta({ id: 'Screening', description: 'A screening (动态监测筛查): status, progress and counts per outcome' });

export const screeningCriteria = z
  .object({
    met: z.array(z.enum(EXIT_CRITERIA)).meta({ description: 'exit criteria met' }),
    failing: z.array(z.object({ criterion: z.string(), message: localizedText })).meta({
      description:
        'criteria failing or triggering: exit criteria (income_stable, food_secure, …), monitoring triggers ' +
        '(income_below_monitoring_line, rigid_spending_exceeds_income), below_poverty_line, or data (a missing fact)',
    }),
    reasons: z.array(localizedText).meta({ description: 'the eligibility or monitoring reasons' }),
    categories: z.array(z.string()).optional().meta({ description: 'monitoring categories (enter_monitoring)' }),
  })
  .meta({ id: 'ScreeningCriteria' });

export const screeningResult = z
  .object({
    householdId: z.uuid(),
    villageCode: z.string(),
    outcome: z.enum(SCREENING_OUTCOMES),
    outcomeLabel: localizedText,
    perCapitaFen: z.number().int().nullable().meta({ description: '人均纯收入 of the survey judged, fen' }),
    criteria: screeningCriteria,
  })
  .meta({ id: 'ScreeningResult', description: 'One household a screening found to act on' });

export const screeningResultPage = z
  .object({
    screeningId: z.uuid(),
    results: z.array(screeningResult),
    nextCursor: z.uuid().nullable().meta({ description: 'pass as ?cursor= for the next page; null on the last' }),
  })
  .meta({ id: 'ScreeningResults', description: "A page of a screening's results, by household id" });

/** The binary body of a download, as OpenAPI describes it. */
export const BINARY = { type: 'string', format: 'binary' } as const;
