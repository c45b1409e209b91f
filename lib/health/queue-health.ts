// The health page's queue counts, for staff only (the counts themselves: queue-counts.ts).
import { assertStaff, type Viewer } from "@/lib/auth/session";
import { type QueueHealth, queueHealthForProbes } from "@/lib/jobs/queue-counts";

export { closeHealthQueues, type QueueHealth, queueHealthForProbes } from "@/lib/jobs/queue-counts";

/** Support and admin only (checked here too, not only by the page). */
export async function getQueueHealth(viewer: Viewer): Promise<QueueHealth[]> {
  assertStaff(viewer);
  return queueHealthForProbes();
}
