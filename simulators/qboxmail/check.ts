// Field checks that collect every failure (docs/upstream/qboxmail.md §7):
// Qboxmail answers one 422 listing all bad fields, each with a short description code.
import { isIP } from "node:net";
import type { ErrorCode } from "./messages";

export type Body = Record<string, unknown>;
export type FieldFailure = { field: string; code: ErrorCode };

export class Checker {
  readonly failures: FieldFailure[] = [];

  constructor(private readonly body: Body) {}

  fail(field: string, code: ErrorCode): void {
    if (!this.failures.some((f) => f.field === field)) this.failures.push({ field, code });
  }

  failed(field: string): boolean {
    return this.failures.some((f) => f.field === field);
  }

  /** JSON null counts as absent, as a Rails backend treats it. */
  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  /** A required string; blank after trimming is "can't be blank". Returns the trimmed value. */
  requiredString(field: string): string | undefined {
    const v = this.body[field];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === ""))
      return void this.fail(field, "blank");
    if (typeof v !== "string") return void this.fail(field, "invalid");
    return v.trim();
  }

  optionalString(field: string, max = 255): string | undefined {
    if (!this.has(field)) return undefined;
    const v = this.body[field];
    if (typeof v !== "string" || v.length > max) return void this.fail(field, "invalid");
    return v.trim();
  }

  /** Booleans must be JSON booleans: "true" or 1 is "is not valid". */
  bool(field: string, fallback: boolean): boolean {
    if (!this.has(field)) return fallback;
    const v = this.body[field];
    if (typeof v !== "boolean") {
      this.fail(field, "invalid");
      return fallback;
    }
    return v;
  }

  oneOf<T>(field: string, allowed: readonly T[], fallback: T): T {
    if (!this.has(field)) return fallback;
    const v = this.body[field] as T;
    if (!allowed.includes(v)) {
      this.fail(field, "invalid");
      return fallback;
    }
    return v;
  }

  /** A limit: -1 (no limit) or a non-negative int32. */
  limit(field: string): number {
    if (!this.has(field)) return -1;
    const v = this.body[field];
    if (typeof v !== "number" || !Number.isInteger(v) || v < -1 || v > 2_147_483_647) {
      this.fail(field, "invalid");
      return -1;
    }
    return v;
  }

  password(field: string, confirmationField: string): void {
    const pw = this.body[field];
    const confirmation = this.body[confirmationField];
    if (pw === undefined || pw === null || pw === "") this.fail(field, "blank");
    else if (typeof pw !== "string" || !isStrongEnough(pw)) this.fail(field, "invalid");
    if (confirmation === undefined || confirmation === null || confirmation === "")
      this.fail(confirmationField, "blank");
    else if (confirmation !== pw) this.fail(confirmationField, "mismatch");
  }
}

/** At least 8 characters with at least one letter and one digit (the current reference; the legacy reference asked only a digit). */
export function isStrongEnough(pw: string): boolean {
  return pw.length >= 8 && /\p{L}/u.test(pw) && /\d/.test(pw);
}

/** An ASCII (or punycode) fully qualified domain name with at least two labels. */
export function isFqdn(name: string): boolean {
  if (name.length > 253 || name.endsWith(".")) return false;
  const labels = name.split(".");
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1]!;
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return false;
  return labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
}

export function isEmail(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at < 1 || value.length > 254) return false;
  const local = value.slice(0, at);
  return (
    /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$/i.test(local) &&
    !local.startsWith(".") &&
    !local.endsWith(".") &&
    !local.includes("..") &&
    isFqdn(value.slice(at + 1).toLowerCase())
  );
}

/** An IPv4/IPv6 address, optionally with a CIDR prefix. */
export function isIpOrCidr(value: string): boolean {
  const [ip, prefix, extra] = value.split("/");
  if (extra !== undefined || !ip) return false;
  const family = isIP(ip);
  if (!family) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
