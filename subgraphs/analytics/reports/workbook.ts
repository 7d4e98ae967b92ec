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
  let rows = 0;
  for await (const row of definition.rows(db, request)) {
    sheet.addRow(row.map(cellOf)).commit();
    if (++rows % ROWS_BETWEEN_PAUSES === 0) await pause(output);
  }
  sheet.commit();
  await workbook.commit();
}

const ROWS_BETWEEN_PAUSES = 200;

/**
 * Lets what was written reach the client before more is made: waits while the client is slower
 * than the report (so memory holds what the socket buffers, not the report), and otherwise still
 * yields to the event loop, which SQLite's synchronous driver never does on its own (without this a
 * report would reach the socket only once finished, and other requests would wait for it).
 */
async function pause(output: Writable): Promise<void> {
  if (output.destroyed) throw new Error('The client went away before the report was complete');
  if (!output.writableNeedDrain) return new Promise((resolve) => setImmediate(resolve));
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      output.off('drain', drained);
      output.off('close', closed);
      if (error) reject(error);
      else resolve();
    };
    const drained = () => settle();
    const closed = () => settle(new Error('The client went away before the report was complete'));
    output.on('drain', drained);
    output.on('close', closed);
  });
}
