// The reasons the portal itself writes on an order's events (stored in English for the audit log,
// the API and support), read back into a key and facts so the reseller's timeline words them in
// the person's language (docs/i18n.md "Order event reasons"). A reason a person typed, or one the
// reader does not know, is shown as written.
type Reason =
  | { key: "resubmittedFrom" | "resubmittedAs" | "serverSucceeded" | "serverCancelled"; order: string }
  | { key: "gaveUp" | "gaveUpMayExist"; attempts: number }
  | {
      key:
        | "cancelledByReseller"
        | "retriedBySupport"
        | "cancelledBySupport"
        | "resolvedBySupport"
        | "changedBySupport"
        | "workerLost";
    };

const FIXED: Record<string, Reason["key"]> = {
  "Cancelled by the reseller": "cancelledByReseller",
  "Retried by support": "retriedBySupport",
  "Cancelled by support": "cancelledBySupport",
  "Marked resolved by support": "resolvedBySupport",
  "Changed by support": "changedBySupport",
  "The worker stopped or lost track of this attempt": "workerLost",
};

const WITH_ORDER: [RegExp, "resubmittedFrom" | "resubmittedAs" | "serverSucceeded" | "serverCancelled"][] = [
  [/^Resubmitted from order (\S+)$/, "resubmittedFrom"],
  [/^Resubmitted as order (\S+)$/, "resubmittedAs"],
  [/^Server order (\S+) succeeded$/, "serverSucceeded"],
  [/^Server order (\S+) was cancelled$/, "serverCancelled"],
];

/** A stored event reason as a key and its facts, or null when it is not one the portal writes. */
export function readEventReason(text: string): Reason | null {
  const fixed = FIXED[text];
  if (fixed) return { key: fixed } as Reason;
  for (const [re, key] of WITH_ORDER) {
    const order = re.exec(text)?.[1];
    if (order) return { key, order };
  }
  let m =
    /^Gave up after (\d+) failed attempts; nothing of this order was created upstream\. Retry to try again\.$/.exec(
      text,
    );
  if (m) return { key: "gaveUp", attempts: Number(m[1]) };
  m =
    /^May exist upstream: gave up after (\d+) failed attempts, the final lookup did not finish\. Check upstream, then mark resolved with its reference or retry\.$/.exec(
      text,
    );
  if (m) return { key: "gaveUpMayExist", attempts: Number(m[1]) };
  return null;
}
