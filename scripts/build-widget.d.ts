export declare const GZIP_BUDGET_BYTES: number;
export declare function buildWidget(options?: { force?: boolean }): Promise<{ bytes: number; gzipBytes: number; budget: number }>;
