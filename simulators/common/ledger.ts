// Every resource a simulator created, every create attempt for a name that already existed, and
// every change it committed (update, status change, delete, purge) to an existing resource. Tests read
// it through GET /__sim/ledger to prove "exactly one upstream resource per order" and "each
// change applied once".

export type LedgerCreate = { kind: string; key: string; ref: string; fields: Record<string, unknown>; at: string };
export type LedgerDuplicate = { kind: string; key: string; at: string };
/** `op`: "update", "status", "delete" or "purge"; `ref` is the resource's id or code. */
export type LedgerChange = { kind: string; ref: string; op: string; at: string };
export type LedgerState = { created: LedgerCreate[]; duplicates: LedgerDuplicate[]; changed: LedgerChange[] };

const empty = (): LedgerState => ({ created: [], duplicates: [], changed: [] });

export class Ledger {
  private state: LedgerState = empty();

  /** `fields` must not contain secrets: pass the body with passwords removed. */
  recordCreate(kind: string, key: string, ref: string, fields: Record<string, unknown>): void {
    this.state.created.push({ kind, key: key.toLowerCase(), ref, fields, at: new Date().toISOString() });
  }

  recordDuplicate(kind: string, key: string): void {
    this.state.duplicates.push({ kind, key: key.toLowerCase(), at: new Date().toISOString() });
  }

  /** A committed change of an existing resource (never its values: they may be anything). */
  recordChange(kind: string, ref: string, op: string): void {
    this.state.changed.push({ kind, ref, op, at: new Date().toISOString() });
  }

  view(): LedgerState {
    return structuredClone(this.state);
  }

  /** A state file written before changes were recorded has no `changed`: it starts empty. */
  restore(state: Partial<LedgerState> | undefined): void {
    this.state = { ...empty(), ...(state ? structuredClone(state) : {}) };
  }

  reset(): void {
    this.restore(undefined);
  }
}
