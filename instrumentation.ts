// Next.js calls register() once when a server process starts, before it answers anything:
// - the settings are validated first, so a bad or missing one (a demo secret in production,
//   docs/security.md "Secrets") stops the server at start-up with the variable's name instead
//   of failing every request; NEXTAUTH_URL, which next-auth reads itself, is set from APP_URL
//   when unset (lib/env.ts defaultNextAuthUrl);
// - tracing for the web process (lib/tracing/setup.ts, docs/observability.md). The Edge runtime
//   has no AsyncLocalStorage-based context manager of ours, and nothing of ours runs there.
export async function register(): Promise<void> {
  // biome-ignore lint/style/noProcessEnv: Next.js's documented way to tell its runtimes apart; not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { defaultNextAuthUrl, env } = await import("@/lib/env");
  env();
  defaultNextAuthUrl();
  const { initTracing } = await import("@/lib/tracing/setup");
  initTracing("portal-web");
}
