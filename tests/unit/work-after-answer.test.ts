// The web server's shutdown (scripts/server.mjs, plain JavaScript outside the build) waits for the
// work requests left running after their answers by reading it under a registered symbol: what
// lib/work-after-answer.ts keeps must be what that name finds, until it settles.
import { describe, expect, it } from "vitest";
import { trackAfterAnswer, workAfterAnswerDone } from "@/lib/work-after-answer";

/** What scripts/server.mjs reads before it exits. */
const asTheServerReadsIt = () => [
  ...((globalThis as Record<symbol, Set<Promise<void>> | undefined>)[Symbol.for("portal.workAfterAnswer")] ?? []),
];

describe("work left running after an answer", () => {
  it("is found by the server's name for it until it settles, and waited for", async () => {
    let finish: () => void = () => {};
    let done = false;
    const work = new Promise<void>((ok) => {
      finish = ok;
    }).then(() => {
      done = true;
    });
    trackAfterAnswer(work);
    expect(asTheServerReadsIt()).toContain(work);
    const waited = workAfterAnswerDone();
    setTimeout(finish, 20);
    await waited;
    expect(done).toBe(true);
    await Promise.resolve();
    expect(asTheServerReadsIt()).not.toContain(work);
  });
});
