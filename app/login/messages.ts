// Turns next-auth's error codes into the two messages people may see. Anything unexpected gets
// a generic line, never an internal message.
export const INVALID_MESSAGE = "Email or password is incorrect";

export function messageForAuthError(code: string): string {
  if (code.startsWith("Too many attempts")) return code.slice(0, 80);
  if (code === "CredentialsSignin") return INVALID_MESSAGE;
  return "Sign-in failed, please try again";
}

/** Only same-site paths, so a crafted link cannot send someone elsewhere after signing in. */
export function safeCallbackPath(value: string | undefined | null): string | null {
  // "//host" and "/\host" are protocol-relative to browsers: another site.
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  const url = new URL(value, "http://placeholder.invalid");
  if (url.origin !== "http://placeholder.invalid") return null;
  const path = `${url.pathname}${url.search}`;
  if (path.startsWith("/login") || path.startsWith("/api/")) return null;
  return path;
}
