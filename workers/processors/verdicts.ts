// Turns a classified upstream result (lib/upstream/result.ts) into attempt facts and the order's
// next status. Classification itself happened in the client; this only applies the design's rules.

import type { OrderKind } from "@/lib/generated/prisma/enums";
import { type FieldProblems, fieldProblem } from "@/lib/i18n/field-problems";
import { differenceList, type PortalTextKey, portalText, readPortalText } from "@/lib/i18n/portal-texts";
import { allowListedResponse } from "@/lib/upstream/allow-list";
import { differsOnlyAfterCommit, mismatchedFieldsOf, mismatchesOf, notMatchingMessage } from "@/lib/upstream/identity";
import type { LookupResult, UpstreamResult } from "@/lib/upstream/result";
import type { AttemptFacts } from "./attempt-steps";
import { jsonOrNull, type Verdict } from "./write-outcome";

type Judged = { facts: AttemptFacts; verdict: Verdict };

/** The order form's field holding each kind's name: where a name held by someone else is shown. */
const NAME_FIELD: Record<OrderKind, string> = {
  qboxmail_domain: "name",
  qboxmail_manager: "email_address",
  grommunio_domain: "domainname",
  grommunio_server: "hostname",
};

/**
 * The name's field error of a create that found its name held by a resource that is not the
 * order's: the form to order again marks the name and says to choose another.
 */
export function nameTakenField(kind: OrderKind): FieldProblems {
  return { [NAME_FIELD[kind]]: [fieldProblem("nameTakenUpstream")] };
}

export function judgeCreate(
  r: UpstreamResult<unknown>,
  firstCreate: boolean,
  naturalKey: string,
  kind?: OrderKind,
): Judged {
  // A refusal keeps what the provider answered (as far as it may be stored): support reads it on
  // the attempt, where the order's texts only quote it.
  const response =
    r.kind === "success"
      ? jsonOrNull(allowListedResponse(r.data))
      : r.kind === "rejected"
        ? jsonOrNull(r.answer)
        : undefined;
  const base = { call: r.call, response };
  switch (r.kind) {
    case "success":
      return { facts: { ...base, outcome: "succeeded" }, verdict: { to: "succeeded", ref: r.ref } };
    case "rejected":
      return {
        facts: { ...base, outcome: "rejected", message: r.message },
        verdict: { to: "failed", lastError: r.message, fieldErrors: r.fieldErrors },
      };
    case "transient":
      return {
        facts: { ...base, outcome: "transient", message: r.message },
        verdict: { to: "retrying", lastError: r.message, retryAfterMs: r.retryAfterMs },
      };
    case "auth":
      return { facts: { ...base, outcome: "auth", message: r.message }, verdict: { to: "held", lastError: r.message } };
    case "unknown":
      // Only the upstream's explicit "already exists", on a create while nothing of this order
      // may exist upstream yet, means the name belongs to someone else. Any other unknown
      // answer, a 400 after a commit included (grommunio's role creation), leads to a lookup.
      if (firstCreate && r.duplicate) {
        const msg = notOurs(naturalKey);
        const fieldErrors = kind ? nameTakenField(kind) : undefined;
        return {
          facts: { ...base, outcome: "rejected", message: msg },
          verdict: { to: "failed", lastError: msg, fieldErrors },
        };
      }
      return {
        facts: { ...base, outcome: "unknown", message: r.message },
        verdict: { to: "unknown", lastError: r.message },
      };
  }
}

/**
 * A create sent again after one that may have been applied (the order's `createSent`), and refused
 * now: the refusal may be the provider's answer to the name the earlier create took, in words or a
 * shape the classifier does not read as "already exists" (a body cut short, another wording).
 * Failing the order then would leave that resource without an owner, so a lookup decides instead,
 * as after any unknown answer; at the retry cap the final lookup fails the order if the name is
 * still absent (docs/reliability.md "Ownership"). The refusal's field problems stay on the order
 * meanwhile, so that failure still names the fields to fix.
 */
export function refusedAfterMaybeApplied(judged: Judged): Judged {
  if (judged.verdict.to !== "failed" || judged.facts.outcome !== "rejected") return judged;
  const message = judged.facts.message ?? judged.verdict.lastError;
  const { fieldErrors } = judged.verdict;
  return {
    facts: { ...judged.facts, outcome: "unknown", message },
    verdict: { to: "unknown", lastError: message, ...(fieldErrors ? { fieldErrors } : {}) },
  };
}

/**
 * A lookup after an unknown outcome (or a crash mid-create). `undefined` verdict = absent: create
 * again. `final`: the retry budget is used up and this lookup decides (docs/reliability.md "Retry
 * cap"): absent fails the order (held instead when a create of it was answered "already exists":
 * `explainFinalAbsence` in provision-order.ts), a lookup that cannot tell holds it for a person.
 */
export type Sent = { kind: OrderKind; body: Record<string, unknown> };

export function judgeLookup(
  r: LookupResult<unknown>,
  createSent: boolean,
  naturalKey: string,
  sent?: Sent,
  final?: { failures: number },
): { facts: AttemptFacts; verdict?: Verdict } {
  const call = r.call;
  if (final && r.kind === "absent") {
    const msg = portalText("finalLookupAbsent", { attempts: final.failures, name: naturalKey });
    return { facts: { call, outcome: "absent", message: msg }, verdict: { to: "failed", lastError: msg } };
  }
  if (final && (r.kind === "unknown" || r.kind === "transient")) {
    const msg = portalText("finalLookupUnclear", { attempts: final.failures, name: naturalKey, error: r.message });
    return { facts: { call, outcome: "transient", message: r.message }, verdict: { to: "held", lastError: msg } };
  }
  switch (r.kind) {
    case "found": {
      const response = jsonOrNull(allowListedResponse(r.data));
      if (!createSent)
        return {
          facts: { call, response, outcome: "found", message: notOurs(naturalKey) },
          verdict: {
            to: "failed",
            lastError: notOurs(naturalKey),
            fieldErrors: sent ? nameTakenField(sent.kind) : undefined,
          },
        };
      const differences = sent ? mismatchesOf(sent.kind, sent.body, r.data) : [];
      if (differences.length && sent && differsOnlyAfterCommit(sent.kind, sent.body, r.data)) {
        // Only fields applied after the commit differ (chat): most likely the order's own
        // resource, so its values are the reseller's to read.
        const msg = portalText("createdInPart", {
          name: naturalKey,
          ref: r.ref,
          differences: differenceList(differences),
        });
        return { facts: { call, response, outcome: "found", message: msg }, verdict: { to: "held", lastError: msg } };
      }
      if (differences.length && sent) {
        // Someone else's resource, perhaps another reseller's customer on the same provider
        // account: the reseller reads the message and last error, which name the fields and what
        // was ordered, never the found values. Support reads those beside the upstream's answer.
        const msg = notMatchingMessage(naturalKey, mismatchedFieldsOf(sent.kind, sent.body, r.data));
        const compared = jsonOrNull({ ...allowListedResponse(r.data), comparedWithOrder: differences });
        return {
          facts: { call, response: compared, outcome: "found", message: msg },
          verdict: { to: "failed", lastError: msg, fieldErrors: nameTakenField(sent.kind) },
        };
      }
      return {
        facts: { call, response, outcome: "found", message: portalText("adopted") },
        verdict: { to: "succeeded", ref: r.ref },
      };
    }
    case "absent":
      return { facts: { call, outcome: "absent", message: portalText("creatingAfterLookup") } };
    case "unknown": // a read applies nothing: a lost answer is merely transient (and counts as such)
    case "transient":
      return {
        facts: { call, outcome: "transient", message: r.message },
        verdict: {
          to: createSent ? "unknown" : "retrying",
          lastError: r.message,
          ...(r.kind === "transient" ? { retryAfterMs: r.retryAfterMs } : {}),
        },
      };
    case "rejected":
      // Before any create was sent, nothing exists: the order fails. After one, the resource may
      // exist and the lookup that would tell was refused (Qboxmail's 403 once the account lost a
      // right or was deactivated): failing would leave it behind unowned, so a person looks.
      if (createSent) {
        const msg = portalText("lookupRefusedAfterCreate", { name: naturalKey, error: r.message });
        return {
          facts: { call, response: jsonOrNull(r.answer), outcome: "rejected", message: r.message },
          verdict: { to: "held", lastError: msg },
        };
      }
      return {
        facts: { call, response: jsonOrNull(r.answer), outcome: "rejected", message: r.message },
        verdict: { to: "failed", lastError: r.message },
      };
    case "auth":
      return { facts: { call, outcome: "auth", message: r.message }, verdict: { to: "held", lastError: r.message } };
  }
}

function notOurs(naturalKey: string): string {
  return portalText("nameTaken", { name: naturalKey });
}

/**
 * The texts our clients store for an upstream's "this name already exists" answer to a create
 * (the `duplicate` unknowns of lib/upstream/qboxmail/classify.ts and grommunio/classify.ts).
 */
const DUPLICATE_ANSWERS: ReadonlySet<PortalTextKey> = new Set(["qboxAlreadyExists", "gromNameExists"]);

/** Whether a create attempt's stored message is the upstream's "already exists" answer. */
export function isDuplicateAnswer(message: string): boolean {
  const key = readPortalText(message)?.key;
  return key !== undefined && DUPLICATE_ANSWERS.has(key);
}
