export const WORKER_BUNDLE: string;
export const WORKER_NODE_ARGS: string[];
export const WORKER_ENV: Record<string, string>;
export function workerBuildStale(): string | undefined;
export function buildWorker(): { ms: number; inputs: number };
export function ensureWorkerBuilt(say?: (message: string) => void): string;
