import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { LocalizedMessage } from '@fupin/identification-rules';
import {
  SCREENING_OUTCOME_LABELS,
  type ScreeningCriteria,
  type ScreeningOutcome,
  criterionLabel,
} from './screening-outcome';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One result as the export writes it. */
export interface ExportedResult {
  householdId: string;
  villageCode: string;
  outcome: ScreeningOutcome;
  perCapitaFen: number | null;
  criteria: ScreeningCriteria;
}

/** Bilingual headers (中文 / English), one column each. */
export const SCREENING_XLSX_HEADERS = [
  '户ID / Household ID',
  '村代码 / Village code',
  '结果 / Outcome',
  '人均纯收入（元） / Per-capita income (yuan)',
  '已达到的退出标准 / Exit criteria met',
  '未达到或触发的标准 / Criteria failing or triggering',
  '原因 / Reasons',
] as const;

const both = (m: LocalizedMessage) => `${m['zh-CN']} / ${m.en}`;

/**
 * The results as an XLSX workbook, streamed (exceljs WorkbookWriter: each row is committed as it is written, so memory
 * stays bounded whatever the number of results). Row 1 holds the headers; `pages` yields the results page by page.
 */
export async function writeScreeningXlsx(
  out: Writable,
  pages: AsyncIterable<readonly ExportedResult[]>,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('筛查结果 Results');
  sheet.columns = SCREENING_XLSX_HEADERS.map((header, i) => ({ header, width: i < 2 ? 38 : 40 }));
  let n = 0;
  for await (const page of pages) {
    for (const r of page) {
      sheet.addRow(rowOf(r)).commit();
      n++;
    }
  }
  sheet.commit();
  await workbook.commit();
  return n;
}

function rowOf(r: ExportedResult): (string | number | null)[] {
  const c = r.criteria;
  return [
    r.householdId,
    r.villageCode,
    both(SCREENING_OUTCOME_LABELS[r.outcome]),
    r.perCapitaFen === null ? null : r.perCapitaFen / 100,
    c.met.map((m) => both(criterionLabel(m))).join('；'),
    c.failing.map((f) => `${both(criterionLabel(f.criterion))}：${both(f.message)}`).join('；'),
    c.reasons.map(both).join('；'),
  ];
}
