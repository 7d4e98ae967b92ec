import ExcelJS from 'exceljs';
import { EventConsumerEntity, EventLogEntity } from '../../kernel/event-log';
import { JobEntity } from '../../kernel/jobs';
import { sleep } from './client';
import type { TestGraph } from './graph';

/**
 * Waits until analytics' consumer has handled everything on the event log so far, and any move to
 * a new time zone it started has finished (statistics and reports read its model).
 */
export async function analyticsCaughtUp(t: TestGraph): Promise<void> {
  const db = t.graph.runtime.db;
  const head = Number((await db.manager.createQueryBuilder(EventLogEntity, 'e').select('MAX(e.position)', 'head').getRawOne<{ head: unknown }>())?.head ?? 0);
  for (let waited = 0; waited < 60_000; waited += 100) {
    const consumer = await db.manager.findOneBy(EventConsumerEntity, { name: 'analytics.statistics' });
    const moving = await db.manager.countBy(JobEntity, { kind: 'analytics.relocate-days', status: 'PENDING' });
    if (consumer && Number(consumer.position) >= head && moving === 0) return;
    await sleep(100);
  }
  throw new Error('analytics did not catch up with the event log');
}

/** A downloaded workbook's first sheet as rows of cell values (the first row: the column titles). */
export async function sheetRows(body: ArrayBuffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  const rows: unknown[][] = [];
  workbook.worksheets[0].eachRow((row) => {
    rows.push(Array.from((row.values as unknown[]).slice(1), (value) => value ?? null));
  });
  return rows;
}
