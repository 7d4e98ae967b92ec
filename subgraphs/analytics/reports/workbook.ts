import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Database } from '../../../kernel/database';
import { type Cell, REPORTS, type ReportRequest } from './report-kinds';

/** Excel's limit for one cell's text. */
const CELL_TEXT_LIMIT = 32_767;
const cellOf = (value: Cell) => (typeof value === 'string' && value.length > CELL_TEXT_LIMIT ? `${value.slice(0, CELL_TEXT_LIMIT - 1)}…` : value);

/**
 * Writes a report as an .xlsx workbook to `output` as its rows are read: exceljs's streaming
 * writer commits each row to the zip stream, so memory holds a page of rows, not the report, and
 * the download starts with the first page.
 */
export async function writeReport(db: Database, request: ReportRequest, output: Writable): Promise<void> {
  const definition = REPORTS[request.kind];
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(request.kind);
  sheet.addRow(definition.columns).commit();
  for await (const row of definition.rows(db, request)) sheet.addRow(row.map(cellOf)).commit();
  sheet.commit();
  await workbook.commit();
}
