// What support is told when the provider could not be read to check something before an action
// ("mark resolved", cancel, a drift finding's adoption or "mark gone"). Only a passing failure is
// worth trying again in a moment; refused credentials or a refused read (a 403: the portal's
// account there lacks a right) answer the same way until someone fixes the account
// (docs/operations.md "Recover a held or failed order").
import { type SentenceKey, said } from "@/lib/i18n/sentences";

export type UncheckedReading = { kind: string; message: string };

/** The sentence for a read that could not tell; an action may name its own for two of the cases. */
export function uncheckedReading(r: UncheckedReading, own: { auth?: SentenceKey; passing?: SentenceKey } = {}): string {
  const values = { message: r.message };
  if (r.kind === "auth") return said(own.auth ?? "checkRefusedAuth", values);
  if (r.kind === "rejected") return said("checkRefused", values);
  return said(own.passing ?? "resolveUnchecked", values);
}
