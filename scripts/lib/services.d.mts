// Types for services.mjs (plain JS so that `npm run demo` can use it before anything is compiled).
export type Service = { url: string; stop: () => unknown };
export function findPgBin(): string | null;
export function findRedisServer(): string | null;
export function ensureServiceBinaries(opts?: { log?: (msg: string) => void }): void;
export function freePort(): Promise<number>;
export function portIsFree(port: number): Promise<boolean>;
export function startPostgres(opts: {
  dir: string;
  port: number;
  db?: string;
  log?: (msg: string) => void;
  /** Extra server settings at start, "name=value" each. */
  settings?: string[];
}): Promise<Service>;
export function startRedis(opts: { dir: string; port: number; persistent?: boolean }): Promise<Service>;
export function tmpRoot(): string;
