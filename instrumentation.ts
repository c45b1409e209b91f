// Next.js calls register() once when a server process starts: tracing for the web process
// (lib/tracing/setup.ts, docs/observability.md). The Edge runtime has no AsyncLocalStorage-based
// context manager of ours, and nothing of ours runs there.
export async function register(): Promise<void> {
  // biome-ignore lint/style/noProcessEnv: Next.js's documented way to tell its runtimes apart; not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { initTracing } = await import("@/lib/tracing/setup");
  initTracing("portal-web");
}
