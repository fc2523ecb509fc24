import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

// ── requests ───────────────────────────────────────────────────────────────────────────────────────────────────

export const startReviewBody = z
  .object({
    countyCode: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
    incomeYear: z.number().int().min(2014).max(2100),
  })
  .strict();
export type StartReviewInput = z.output<typeof startReviewBody>;

/** `?county=` of the list. */
export const countyCode = z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code'));

// ── responses ──────────────────────────────────────────────────────────────────────────────────────────────────

export const reviewStarted = z
  .object({
    campaignId: z.uuid(),
    workflowId: z.string().meta({ description: 'annual-review:<countyCode>:<incomeYear>' }),
    countyCode: z.string(),
    incomeYear: z.number().int(),
  })
  .meta({
    id: 'AnnualReviewStarted',
    description: 'The annual review (一年一评) is recorded and its campaign started',
  });
export type ReviewStarted = z.output<typeof reviewStarted>;

export const reviewList = z
  .object({
    county: z.string(),
    reviews: z.array(
      z
        .object({
          id: z.uuid(),
          county_code: z.string(),
          income_year: z.number().int(),
          workflow_id: z.string(),
          status: z.string().meta({ description: 'running, finished' }),
          report: z.null().meta({ description: 'not listed: read the campaign for its report' }),
          created_by: z.string(),
          created_at: z.iso.datetime(),
          finished_at: z.iso.datetime().nullable(),
        })
        .meta({ description: 'A campaign as recorded (snake_case keys: the rows as stored)' }),
    ),
  })
  .meta({ id: 'AnnualReviewList', description: 'Annual reviews of a county, newest income year first' });

/** 贫困发生率 figures: poor people not exited over the rural population. */
const incidenceFigure = z.object({
  poorNotExited: z.number().int(),
  ruralPopulation: z.number().int().nullable(),
  bp: z.number().int().nullable().meta({ description: 'incidence in basis points; null without a valid population' }),
});

const reviewReport = z
  .object({
    entered: z.number().int().meta({ description: 'households registered by the campaign (有进)' }),
    exited: z.number().int().meta({ description: 'households exited by the campaign (有出)' }),
    stayedRegistered: z.number().int().meta({ description: 'proposed for exit, still registered' }),
    monitored: z.number().int().meta({ description: 'households under relapse monitoring at the end' }),
    villages: z.array(z.object({ villageCode: z.string(), before: incidenceFigure, after: incidenceFigure })),
    county: z.object({ before: incidenceFigure, after: incidenceFigure }),
  })
  .meta({ description: 'The report: entered, exited, and the incidence before and after' });

const reviewPhase = z.enum(['surveys', 'rounds', 'procedures', 'report', 'finished']);

const liveReview = z
  .object({
    campaignId: z.uuid(),
    countyCode: z.string(),
    incomeYear: z.number().int(),
    phase: reviewPhase,
    startedAt: z.iso.datetime({ offset: true }),
    deadlineAt: z.iso.datetime({ offset: true }),
    surveys: z.object({ expected: z.number().int(), received: z.number().int() }),
    villages: z.array(
      z.object({
        villageCode: z.string(),
        surveysExpected: z.number().int(),
        surveysReceived: z.number().int(),
        roundsOpened: z.boolean(),
        openCases: z.number().int().meta({ description: 'households still inside an exit or identification round' }),
        status: z.enum(['waiting', 'done', 'overdue']),
      }),
    ),
    townships: z.array(
      z.object({
        townshipCode: z.string(),
        villages: z.number().int(),
        done: z.number().int(),
        waiting: z.number().int(),
        overdue: z.number().int(),
        overdueVillages: z.array(z.string()),
      }),
    ),
    report: reviewReport.nullable(),
    status: z.string().meta({ description: 'running, finished (as recorded)' }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ description: 'The campaign as its workflow holds it' });

const finishedReview = z
  .object({
    campaignId: z.uuid(),
    countyCode: z.string(),
    incomeYear: z.number().int(),
    phase: z.literal('finished'),
    status: z.string(),
    report: reviewReport.nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ description: 'A finished campaign whose workflow no longer answers: the recorded report' });

export const reviewState = z
  .union([liveReview, finishedReview])
  .meta({ id: 'AnnualReview', description: 'An annual review campaign (一年一评): progress, then its report' });
