// The simulator's data: domains, managers and every code ever issued (codes are never reused,
// even after a delete). Snapshot/restore keep it across demo restarts.
import { randomInt } from "node:crypto";

export type DomainRecord = Record<string, unknown> & { code: string; name: string; status: string };
export type ManagerRecord = Record<string, unknown> & { code: string; email_address: string; firstname: string; lastname: string };

type Snapshot = { domains: DomainRecord[]; managers: ManagerRecord[]; issued: string[] };

export class QboxmailState {
  domains = new Map<string, DomainRecord>();
  managers = new Map<string, ManagerRecord>();
  private issued = new Set<string>();

  /** "D" + 9 digits for domains, "MN" + 8 digits for managers ([R]). */
  newCode(prefix: "D" | "MN"): string {
    const digits = prefix === "D" ? 9 : 8;
    for (;;) {
      const code = prefix + String(randomInt(0, 10 ** digits)).padStart(digits, "0");
      if (!this.issued.has(code)) {
        this.issued.add(code);
        return code;
      }
    }
  }

  /** Case-insensitive, and a domain queued for deletion still holds its name (CONTRACT 4). */
  domainByName(name: string): DomainRecord | undefined {
    const wanted = name.toLowerCase();
    for (const d of this.domains.values()) if (d.name.toLowerCase() === wanted) return d;
    return undefined;
  }

  managerByEmail(email: string): ManagerRecord | undefined {
    const wanted = email.toLowerCase();
    for (const m of this.managers.values()) if (m.email_address.toLowerCase() === wanted) return m;
    return undefined;
  }

  snapshot(): Snapshot {
    return structuredClone({ domains: [...this.domains.values()], managers: [...this.managers.values()], issued: [...this.issued] });
  }

  restore(state: unknown): void {
    const s = (state ?? {}) as Partial<Snapshot>;
    this.domains = new Map((s.domains ?? []).map((d) => [d.code, structuredClone(d)]));
    this.managers = new Map((s.managers ?? []).map((m) => [m.code, structuredClone(m)]));
    this.issued = new Set([...(s.issued ?? []), ...this.domains.keys(), ...this.managers.keys()]);
  }

  reset(): void {
    this.restore(undefined);
  }
}
