// The simulator's data: domains, managers and every code ever issued (codes are never reused,
// even after a delete). Snapshot/restore keep it across demo restarts.
import { randomInt } from "node:crypto";

export type DomainRecord = Record<string, unknown> & { code: string; name: string; status: string };
export type ManagerRecord = Record<string, unknown> & {
  code: string;
  email_address: string;
  firstname: string;
  lastname: string;
  domain_codes: string[];
};

/** A domain whose deletion was queued (asyncDelete): still listed, name taken, until removed. */
export const queuedForDeletion = (d: DomainRecord | undefined): boolean => typeof d?.deletion_queued_at === "string";

type Snapshot = { domains: DomainRecord[]; managers: ManagerRecord[]; issued: string[] };

// Change records through add*/remove* so the name and e-mail indexes stay in step: benchmarks
// create many thousands of domains, and a scan per create would make that quadratic.
export class QboxmailState {
  /**
   * `draw(max)` picks a code's number in [0, max): random by default; a test passes its own
   * sequence, so it can draw a number already issued and see it skipped.
   */
  constructor(private readonly draw: (max: number) => number = (max) => randomInt(0, max)) {}

  domains = new Map<string, DomainRecord>();
  managers = new Map<string, ManagerRecord>();
  private issued = new Set<string>();
  private byName = new Map<string, string>();
  private byEmail = new Map<string, string>();

  addDomain(d: DomainRecord): void {
    this.domains.set(d.code, d);
    this.byName.set(d.name.toLowerCase(), d.code);
  }

  removeDomain(code: string): void {
    const d = this.domains.get(code);
    if (d) this.byName.delete(d.name.toLowerCase());
    this.domains.delete(code);
  }

  addManager(m: ManagerRecord): void {
    this.managers.set(m.code, m);
    this.byEmail.set(m.email_address.toLowerCase(), m.code);
  }

  removeManager(code: string): boolean {
    const m = this.managers.get(code);
    if (!m) return false;
    this.byEmail.delete(m.email_address.toLowerCase());
    return this.managers.delete(code);
  }

  /** "D" + 9 digits for domains, "MN" + 8 digits for managers (docs/upstream/qboxmail.md). */
  newCode(prefix: "D" | "MN"): string {
    const digits = prefix === "D" ? 9 : 8;
    for (;;) {
      const code = prefix + String(this.draw(10 ** digits)).padStart(digits, "0");
      if (!this.issued.has(code)) {
        this.issued.add(code);
        return code;
      }
    }
  }

  /** Case-insensitive, and a domain queued for deletion still holds its name (docs/upstream/qboxmail.md §4). */
  domainByName(name: string): DomainRecord | undefined {
    const code = this.byName.get(name.toLowerCase());
    return code ? this.domains.get(code) : undefined;
  }

  managerByEmail(email: string): ManagerRecord | undefined {
    const code = this.byEmail.get(email.toLowerCase());
    return code ? this.managers.get(code) : undefined;
  }

  snapshot(): Snapshot {
    return structuredClone({
      domains: [...this.domains.values()],
      managers: [...this.managers.values()],
      issued: [...this.issued],
    });
  }

  restore(state: unknown): void {
    const s = (state ?? {}) as Partial<Snapshot>;
    this.domains = new Map();
    this.managers = new Map();
    this.byName = new Map();
    this.byEmail = new Map();
    for (const d of s.domains ?? []) this.addDomain(structuredClone(d));
    for (const m of s.managers ?? []) this.addManager(structuredClone(m));
    this.issued = new Set([...(s.issued ?? []), ...this.domains.keys(), ...this.managers.keys()]);
  }

  reset(): void {
    this.restore(undefined);
  }
}
