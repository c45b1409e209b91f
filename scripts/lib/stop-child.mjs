// Ends a child process politely: SIGTERM, then SIGKILL when it has not exited after the grace
// period (a process stuck in shutdown must not keep the demo or a test run from ending).
// Resolves once it has exited; at once when it already had.

/** @param {import("node:child_process").ChildProcess} child @param {number} [graceMs] */
export function stopChild(child, graceMs = 10_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
