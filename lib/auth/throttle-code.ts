// The code authorize() throws when the sign-in throttle refuses. A fixed code, never text: it
// comes back in the sign-in URL (?error=), where anyone can write it, and the login page maps it
// to a fixed message (app/login/messages.ts). Client-safe: no server imports.
const THROTTLED_PREFIX = "TooManyAttempts:";

export const throttledCode = (minutes: number) =>
  `${THROTTLED_PREFIX}${Math.max(1, Math.min(999, Math.ceil(minutes)))}`;

/** The minutes of a well-formed throttle code, or null for anything else. */
export function throttledMinutes(code: string): number | null {
  const m = /^TooManyAttempts:(\d{1,3})$/.exec(code);
  return m ? Number(m[1]) : null;
}
