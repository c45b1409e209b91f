// grommunio's own words in an answer (`message`, `error`, the validator's `errors`) travel into an
// order's texts as the `detail` of a portal text, and from there into the audit chain, the API and
// both pages. The calls carry secrets: the login's form body holds the portal's admin password, and
// every later call its JWT (a cookie) and CSRF token (a header). A message that quotes one back
// ("Invalid credentials for admin:s3cret", a proxy repeating a header) must not be kept: such a
// string is dropped from the answer before anything reads it, so the text that would have quoted
// it falls back to the answer's status ("HTTP 400"), as it does when grommunio gives no message.
// Meaning is never lost by this: the classification reads the status and grommunio's fixed
// phrases, which hold no secret of ours.

import type { HttpOutcome } from "../http";
import { repeatsSecret } from "../provider-message";

type Words = { message?: unknown; error?: unknown; errors?: unknown };

/** `outcome` with every string of its `message`, `error` and `errors` that repeats one of `secrets` left out. */
export function screenedAnswer(outcome: HttpOutcome, secrets: readonly string[]): HttpOutcome {
  if (!outcome.ok || !outcome.json || typeof outcome.json !== "object" || Array.isArray(outcome.json)) return outcome;
  const body = outcome.json as Words & Record<string, unknown>;
  const repeats = (value: unknown) => typeof value === "string" && repeatsSecret(value, secrets);
  const errors = Array.isArray(body.errors) ? body.errors : undefined;
  const leaks = repeats(body.message) || repeats(body.error) || (errors?.some(repeats) ?? false);
  if (!leaks) return outcome;
  const { message, error, ...rest } = body;
  const json = {
    ...rest,
    ...(repeats(message) ? {} : { message }),
    ...(repeats(error) ? {} : { error }),
    ...(errors ? { errors: errors.filter((e) => !repeats(e)) } : {}),
  };
  // The body's text goes too: it is the same answer, secret and all.
  return { ...outcome, json, text: JSON.stringify(json) };
}
