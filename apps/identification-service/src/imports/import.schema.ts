import { z } from 'zod';

const message = z.object({ 'zh-CN': z.string(), en: z.string() });

/** An import job (导入任务) as its upload, poll and list answer it: roster, surveys or an exclusion load. */
export const importJob = z
  .object({
    id: z.uuid(),
    jobId: z.uuid().meta({ description: 'the same as id' }),
    kind: z.string().meta({ description: 'roster, surveys, or exclusion.<source>' }),
    countyCode: z.string(),
    fileName: z.string(),
    fileSha256: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed', 'interrupted']),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    householdsOk: z.number().int().optional().meta({ description: 'roster and survey imports' }),
    householdsFailed: z.number().int().optional().meta({ description: 'roster and survey imports' }),
    recordsLoaded: z.number().int().optional().meta({ description: 'exclusion loads' }),
    rowsRejected: z.number().int().optional().meta({ description: 'exclusion loads' }),
    errorCount: z.number().int(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    elapsedMs: z.number().int(),
    resume: message.optional().meta({ description: 'on an interrupted job: how to resume it' }),
    duplicate: z.boolean().optional().meta({ description: 'the same file was uploaded before: its job' }),
    resumed: z.boolean().optional().meta({ description: 'this upload resumed the interrupted job' }),
    batchId: z.string().nullable().optional().meta({ description: 'exclusion loads: the batch made, if any' }),
    links: z.object({ self: z.string(), errors: z.string(), errorsCsv: z.string() }),
  })
  .meta({ id: 'ImportJob', description: 'An import job (导入任务): status, progress, counts, elapsed time' });

export const importJobList = z
  .object({ county: z.string(), jobs: z.array(importJob) })
  .meta({ id: 'ImportJobs', description: "A county's import jobs, newest first" });

export const importError = z
  .object({
    row: z
      .number()
      .int()
      .meta({ description: 'spreadsheet row (header = 1); 1 for the header itself, 0 for the file' }),
    column: z.string(),
    rule: z.string(),
    message,
    householdKey: z.string().optional().meta({ description: 'the household (户编号) the row belongs to, when known' }),
    omitted: z.number().int().optional().meta({ description: 'errors_truncated line only: errors not listed' }),
  })
  .meta({ id: 'ImportError', description: 'One row of an error report (错误报告)' });

export const importErrorReport = z
  .object({
    jobId: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed', 'interrupted']),
    count: z.number().int(),
    errors: z.array(importError),
  })
  .meta({ id: 'ImportErrorReport', description: "A job's error report, by row" });

/** The binary body of a file upload or download, as OpenAPI describes it. */
export const BINARY = { type: 'string', format: 'binary' } as const;
