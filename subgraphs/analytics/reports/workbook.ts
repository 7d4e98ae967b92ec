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
    if (++rows % ROWS_BETWEEN_PAUSES === 0) await pause(sheet, output);
  }
  sheet.commit();
  await workbook.commit();
}

const ROWS_BETWEEN_PAUSES = 200;
/** Unzipped rows allowed to wait for the deflate: enough to keep it busy, little enough to bound memory. */
const ENTRY_BACKLOG_BYTES = 1 << 20;

/**
 * Lets what was written reach the client before more is made. exceljs writes a sheet into the zip
 * without heeding backpressure (its buffer ignores write()'s answer), so the rows would pile up
 * unzipped in the zip's entry stream whenever compression or the client is slower than the
 * report: wait while that stream, or the socket, is full. Otherwise still yield to the event loop,
 * which SQLite's synchronous driver never does on its own (without this a report would reach the
 * socket only once finished, and other requests would wait for it).
 */
async function pause(sheet: ExcelJS.Worksheet, output: Writable): Promise<void> {
  if (output.destroyed) throw new Error('The client went away before the report was complete');
  const entry = (sheet as unknown as { stream?: { pipes?: EntryStream[] } }).stream?.pipes?.[0];
  if ((entry?._writableState?.length ?? 0) > ENTRY_BACKLOG_BYTES) await drained(entry!, output);
  if (output.writableNeedDrain) await drained(output, output);
  await new Promise((resolve) => setImmediate(resolve));
}

/** The zip's entry stream (readable-stream), as far as pausing needs it. */
interface EntryStream {
  _writableState?: { length?: number };
  on(event: 'drain', listener: () => void): unknown;
  off(event: 'drain', listener: () => void): unknown;
}

/** Resolves on the stream's 'drain'; rejects when the client goes away first. */
function drained(stream: EntryStream | Writable, output: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('drain', onDrain);
      output.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('The client went away before the report was complete'));
    stream.on('drain', onDrain);
    output.on('close', onClose);
  });
}
