// Every resource a simulator created and every create attempt for a name that already existed.
// Tests read it through GET /__sim/ledger to prove "exactly one upstream resource per order".

export type LedgerCreate = { kind: string; key: string; ref: string; fields: Record<string, unknown>; at: string };
export type LedgerDuplicate = { kind: string; key: string; at: string };
export type LedgerState = { created: LedgerCreate[]; duplicates: LedgerDuplicate[] };

export class Ledger {
  private state: LedgerState = { created: [], duplicates: [] };

  /** `fields` must not contain secrets: pass the body with passwords removed. */
  recordCreate(kind: string, key: string, ref: string, fields: Record<string, unknown>): void {
    this.state.created.push({ kind, key: key.toLowerCase(), ref, fields, at: new Date().toISOString() });
  }

  recordDuplicate(kind: string, key: string): void {
    this.state.duplicates.push({ kind, key: key.toLowerCase(), at: new Date().toISOString() });
  }

  view(): LedgerState {
    return structuredClone(this.state);
  }

  restore(state: LedgerState | undefined): void {
    this.state = state ? structuredClone(state) : { created: [], duplicates: [] };
  }

  reset(): void {
    this.restore(undefined);
  }
}
