// A stale attempt's late result (workers/processors/write-outcome.ts): a worker whose attempt was
// released or superseded while its call ran records what it learnt on its own attempt row and
// leaves the order alone. Written with plain statements, no ORM call (docs/benchmarks/worker.md "No ORM
// in a long drain"): a late result must not load the query compiler into the worker for good.
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { LiveOrder } from "@/app/r/[slug]/orders/[id]/live-order";
import { OrderTimeline as SupportTimeline } from "@/app/support/_components/order-timeline";
import { db } from "@/lib/db";
import { portalText, readPortalText } from "@/lib/i18n/portal-texts";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { releaseAttempt } from "@/lib/orders/relay";
import { getSupportOrderDetail } from "@/lib/support/order-detail";
import { continueWithCreate, type Step } from "@/workers/processors/attempt-steps";
import { writeOutcome } from "@/workers/processors/write-outcome";
import { makeUser } from "../factories";
import { englishPortalWords, renderIn, visibleOwnText } from "../support/german-markup";
import { ormCallsDuring } from "../support/orm-calls";
import { inProcessContext, orderRow, placeOrThrow } from "./ownership-kit";
import { forms, makeTenant, pipelineFileHooks, type Tenant } from "./pipeline-fixtures";

let t: Tenant;
pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
  },
});
const ctx = inProcessContext();

/** An order provisioning at version 2 under an open create attempt, as a worker's claim leaves it. */
async function provisioning(): Promise<{ order: Awaited<ReturnType<typeof orderRow>>; step: Step }> {
  const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain());
  const attemptId = randomUUID();
  await db().attempt.create({
    data: { id: attemptId, orderId: id, number: 1, kind: "create", workerId: ctx.workerId },
  });
  const order = await db().order.update({
    where: { id },
    data: { status: "provisioning", version: 2, attemptCount: 1, currentAttemptId: attemptId },
  });
  return { order, step: { orderId: id, attemptId, version: 2, kind: "create", number: 1 } };
}

const call = { method: "POST", path: "/api/domains", status: 201, durationMs: 42, requestId: "req-late-1" };

async function lateSuccess(order: Awaited<ReturnType<typeof orderRow>>, step: Step) {
  return ormCallsDuring(() =>
    writeOutcome(
      step,
      order,
      {
        outcome: "succeeded",
        call,
        response: { code: "D-LATE" },
        message: "created",
        request: { name: "late.example" },
      },
      { to: "succeeded", ref: "D-LATE" },
      ctx,
    ),
  );
}

describe("a stale attempt's late result", () => {
  it("finishes its still-open attempt with the call's facts and a note; the order is left to its holder", async () => {
    const { order, step } = await provisioning();
    // Someone else moved the order on (a support action, a newer claim) without closing the attempt.
    await db().order.update({ where: { id: order.id }, data: { version: 3 } });
    const { result, calls } = await lateSuccess(order, step);
    expect(result).toEqual({ written: false });
    expect(calls).toEqual([]);
    const a = await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } });
    expect(a).toMatchObject({
      outcome: "succeeded",
      message: "Superseded; result not applied (succeeded, HTTP 201). created",
      httpMethod: "POST",
      httpPath: "/api/domains",
      httpStatus: 201,
      durationMs: 42,
      upstreamRequestId: "req-late-1",
      response: { code: "D-LATE" },
    });
    expect(a.finishedAt).not.toBeNull();
    expect(await orderRow(order.id)).toMatchObject({ status: "provisioning", version: 3, upstreamRef: null });
  });

  it("keeps the releaser's outcome on an attempt already abandoned and adds the note to its message", async () => {
    const { order, step } = await provisioning();
    const released = await releaseAttempt({ id: order.id, version: 2 }, step.attemptId, "create", "worker gone", {
      type: "system",
    });
    expect(released).toBe(3);
    const before = await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } });
    const { result, calls } = await lateSuccess(order, step);
    expect(result).toEqual({ written: false });
    expect(calls).toEqual([]);
    const a = await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } });
    expect(a).toMatchObject({
      outcome: "abandoned",
      finishedAt: before.finishedAt,
      message: "worker gone; its call ended later: Superseded; result not applied (succeeded, HTTP 201). created",
      httpStatus: null,
      response: null,
      // Claimed without its request (the fast claim): what was sent is filled in all the same.
      request: { name: "late.example" },
    });
    const o = await orderRow(order.id);
    expect(o).toMatchObject({ version: 3, upstreamRef: null });
    expect(o.status).not.toBe("succeeded");
  });

  it("an accepted call whose next step finds the order moved on is still written on its attempt", async () => {
    // A Qboxmail DELETE accepted, then confirmed by a read-back as a new attempt: the relay took the
    // order back meanwhile (a stale heartbeat), so the read-back step is never begun.
    const { order, step } = await provisioning();
    await releaseAttempt({ id: order.id, version: 2 }, step.attemptId, "create", "worker gone", { type: "system" });
    const accepted = {
      method: "DELETE",
      path: "/api/domains/D-GONE",
      status: 204,
      durationMs: 17,
      requestId: "req-late-2",
    };
    const { result: next, calls } = await ormCallsDuring(() =>
      continueWithCreate(
        step,
        { outcome: "succeeded", call: accepted, message: "accepted" },
        { upstreamRef: "D-GONE" },
        ctx,
        "lookup",
        true,
      ),
    );
    expect(next).toBeUndefined();
    expect(calls).toEqual([]);
    // The releaser's outcome stays; the answered call joins its message.
    expect(await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } })).toMatchObject({
      outcome: "abandoned",
      message: "worker gone; its call ended later: Superseded; result not applied (succeeded, HTTP 204). accepted",
    });
    expect(await db().attempt.count({ where: { orderId: order.id } })).toBe(1);
    const o = await orderRow(order.id);
    expect(o.version).toBe(3);
    expect(o.status).not.toBe("provisioning");
  });
});

describe("a superseded attempt's note", () => {
  /** What the reseller's and support's timelines show of the order, as a viewer speaking `locale` sees it. */
  async function timelinesIn(locale: "en" | "de", orderId: string) {
    const snapshot = await getOrderSnapshot(t.reseller.id, orderId);
    if (!snapshot) throw new Error("the reseller does not see the order");
    const detail = await getSupportOrderDetail(await makeUser("support"), orderId);
    const html =
      renderIn(
        locale,
        createElement(LiveOrder, {
          slug: t.reseller.slug,
          initial: snapshot,
          labels: {},
          cancelAction: async (p) => p,
        }),
      ) + renderIn(locale, createElement(SupportTimeline, { entries: detail.timeline, provider: "qboxmail" }));
    return { html, text: visibleOwnText(html) };
  }

  /** A late answer of Qboxmail's 500 to the create, described as the client describes it. */
  const late500 = (order: Awaited<ReturnType<typeof orderRow>>, step: Step) =>
    writeOutcome(
      step,
      order,
      {
        outcome: "unknown",
        call: { method: "POST", path: "/api/domains", status: 500, durationMs: 30 },
        message: portalText("qboxServerError", { status: 500 }),
      },
      { to: "unknown", lastError: portalText("qboxServerError", { status: 500 }) },
      ctx,
    );

  it("is the portal's text with the client's words nested, worded in the viewer's language, never as Qboxmail's words", async () => {
    const { order, step } = await provisioning();
    await db().order.update({ where: { id: order.id }, data: { version: 3 } });
    expect(await late500(order, step)).toEqual({ written: false });
    const { message } = await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } });
    // The stored English is the record's (audit, support's searches) and reads back into its key.
    expect(message).toBe("Superseded; result not applied (unknown, HTTP 500). Qboxmail server error (500)");
    expect(readPortalText(message!)).toMatchObject({
      key: "superseded",
      values: { outcome: "unknown", status: "500" },
      nested: { error: { words: { key: "qboxServerError", values: { status: "500" } } } },
    });

    const german = await timelinesIn("de", order.id);
    expect(german.text).toContain(
      "Ein späterer Versuch hat übernommen; das Ergebnis dieses Versuchs wurde nicht verwendet (keine eindeutige Antwort, HTTP 500). Serverfehler bei Qboxmail (500)",
    );
    expect(englishPortalWords(german.text)).toEqual([]);
    // Nothing of it is shown as the provider's words: Qboxmail wrote none of it.
    expect(german.html).not.toContain("Meldung von Qboxmail");
    const english = await timelinesIn("en", order.id);
    expect(english.text).toContain(
      "A later attempt took over; this one's result was not used (no clear answer, HTTP 500). Qboxmail server error (500)",
    );
    expect(english.html).not.toContain("Qboxmail said");
  });

  it("joins the releaser's note as a portal text too, both worded in the viewer's language", async () => {
    const { order, step } = await provisioning();
    await releaseAttempt({ id: order.id, version: 2 }, step.attemptId, "create", portalText("workerLost"), {
      type: "system",
    });
    expect(await late500(order, step)).toEqual({ written: false });
    const { message } = await db().attempt.findUniqueOrThrow({ where: { id: step.attemptId } });
    expect(message).toBe(
      "The worker stopped or lost track of this attempt; its call ended later: Superseded; result not applied (unknown, HTTP 500). Qboxmail server error (500)",
    );
    expect(readPortalText(message!)).toMatchObject({
      key: "supersededAfterRelease",
      nested: { note: { words: { key: "workerLost" } }, error: { words: { key: "superseded" } } },
    });
    const german = await timelinesIn("de", order.id);
    expect(german.text).toContain(
      "Der Worker wurde beendet oder hat diesen Versuch aus den Augen verloren. Sein Aufruf endete erst später: Ein späterer Versuch hat übernommen;",
    );
    expect(englishPortalWords(german.text)).toEqual([]);
    expect(german.html).not.toContain("Meldung von Qboxmail");
  });
});
