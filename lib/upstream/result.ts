// The one result shape every upstream call returns (docs/design.md invariant 4). Classification
// happens in the provider clients and nowhere else; workers only switch on `kind`.

/** Facts about the HTTP exchange, safe to store on an attempt row (no bodies, no secrets). */
export type CallInfo = {
  method: string;
  path: string; // path and query, without host or credentials
  status?: number; // absent when no response arrived
  durationMs: number;
  requestId?: string; // the upstream's request id, when it sends one
};

import type { FieldErrors } from "@/lib/forms/field-errors";
import type { FieldProblems } from "@/lib/i18n/field-problems";

/** A form's field errors (lib/forms/field-errors.ts). */
/**
 * A refusal's field problems are keyed by OUR order-form field names (lib/orders/schemas); each
 * is the portal's words as a key or the provider's as received (lib/i18n/field-problems.ts).
 */
export type { FieldErrors, FieldProblems };

/**
 * A refusal's answer as the attempt row keeps it (lib/upstream/qboxmail/classify.ts): the
 * provider's message cleaned (lib/upstream/provider-message.ts), or `messageWithheld` when it may
 * hold a secret, and its field errors as the order stores them (a password field's never kept).
 */
export type RefusalAnswer = {
  message?: string;
  messageWithheld?: true;
  errors?: { field: string; description: string }[];
};

export type UpstreamSuccess<T> = { kind: "success"; ref: string; data: T; call: CallInfo };

export type UpstreamFailure =
  /**
   * Permanent: validation, a duplicate that is not ours, 404 (and Qboxmail's 403). Do not retry.
   * `answer`: what the provider answered, as far as it may be stored, kept on the attempt for support.
   */
  | { kind: "rejected"; message: string; fieldErrors: FieldProblems; call: CallInfo; answer?: RefusalAnswer }
  /** Known not applied (refused before sending, 429, a 5xx the upstream guarantees was not committed). */
  | { kind: "transient"; message: string; retryAfterMs?: number; call: CallInfo }
  /**
   * May have been applied: timeout after sending, reset, 5xx, 502/504, "already exists". Look up
   * before re-creating. `duplicate` marks the upstream's explicit "this name exists" answer: on an
   * order's very first create it means someone else holds the name (docs/reliability.md).
   */
  | { kind: "unknown"; message: string; call: CallInfo; duplicate?: true }
  /** Credentials refused. Hold for a person; do not burn retries. */
  | { kind: "auth"; message: string; call: CallInfo };

export type UpstreamResult<T> = UpstreamSuccess<T> | UpstreamFailure;

/** Result of a lookup by natural key: found (with the reference) or absent, or a failure. */
export type LookupResult<T> =
  | { kind: "found"; ref: string; data: T; call: CallInfo }
  | { kind: "absent"; call: CallInfo }
  | UpstreamFailure;
