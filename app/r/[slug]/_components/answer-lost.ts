// Which rejection of a server action's promise means its answer never arrived (the request may
// or may not have reached the server), as opposed to an answer that did arrive and says something
// went wrong (app/r/[slug]/_components/use-form-action.ts shows the first in the form).

/**
 * Whether the action's promise was rejected because its answer never arrived: the browser's fetch
 * failed (a TypeError: the connection refused, reset or dropped), or the answer's stream was cut
 * before its end (React's "Connection closed."). Errors with a digest are Next's signals (a
 * redirect, a not-found) or a failure the server reported; any other error (an action this page's
 * version no longer has, an answer that is not the portal's) is an answer too.
 */
export function answerLost(err: unknown): boolean {
  if (!(err instanceof Error) || "digest" in err) return false;
  return err instanceof TypeError || err.message === "Connection closed.";
}
