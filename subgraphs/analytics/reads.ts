/** The analytics subgraph's exported read functions (see ARCHITECTURE.md, Data): report downloads, for the gateway's routes. */
export { type DownloadRefusal, reportOfExport, reportOfLink } from './reports/report.service';
export type { ReportRequest } from './reports/report-kinds';
export { writeReport } from './reports/workbook';
