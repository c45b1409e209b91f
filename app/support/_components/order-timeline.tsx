// One timeline of an order: state changes (actor, reason, before → after), upstream calls with
// their allow-listed request/response, reconciliation lookups and people's actions.

import { TimeText } from "@/app/ui/time-text";
import type { TimelineEntry } from "@/lib/support/order-detail";
import { JsonView } from "./json-view";

const CATEGORY_LABEL = {
  state: "State change",
  person: "Person's action",
  reconciliation: "Reconciliation",
  other: "Event",
  call: "Upstream call",
} as const;

// Outcomes worth red ink; "absent" after a lookup is the normal road to a fresh create.
const BAD_OUTCOMES = new Set(["rejected", "transient", "unknown", "auth", "abandoned"]);

function statusOf(v: unknown): string | null {
  return v && typeof v === "object" && "status" in v ? String((v as { status: unknown }).status) : null;
}

function EventItem({ e }: { e: Extract<TimelineEntry, { type: "event" }> }) {
  const from = statusOf(e.before);
  const to = statusOf(e.after);
  const who =
    e.actor.type === "user"
      ? (e.actor.label ?? e.actor.id)
      : `${e.actor.type}${e.actor.label || e.actor.id ? ` ${e.actor.label ?? e.actor.id}` : ""}`;
  return (
    <>
      <p className="font-medium">
        {CATEGORY_LABEL[e.category]}:{" "}
        {from && to ? (
          <>
            {from} → {to}
          </>
        ) : (
          e.action
        )}
      </p>
      <p className="text-slate-700">
        by {who}
        {e.reason ? (
          <>
            {" "}
            — reason: <q>{e.reason}</q>
          </>
        ) : null}
      </p>
      {e.after &&
      typeof e.after === "object" &&
      "lastError" in e.after &&
      (e.after as { lastError: unknown }).lastError ? (
        <p className="text-red-800">Error: {String((e.after as { lastError: unknown }).lastError)}</p>
      ) : null}
      <JsonView label="Before / after" value={{ before: e.before, after: e.after }} />
    </>
  );
}

function AttemptItem({ a }: { a: Extract<TimelineEntry, { type: "attempt" }> }) {
  return (
    <>
      <p className="font-medium">
        {a.kind === "lookup" ? "Lookup / read-back" : a.kind === "change" ? "Change call" : "Create call"} #{a.number}:{" "}
        {a.outcome ?? "in progress"}
      </p>
      <p className="font-mono text-xs text-slate-800">
        {a.method ?? "?"} {a.path ?? ""} → {a.httpStatus ?? "no response"} · {a.durationMs ?? "?"} ms
        {a.requestId ? <> · request id {a.requestId}</> : null}
      </p>
      {a.message ? (
        <p className={a.outcome && BAD_OUTCOMES.has(a.outcome) ? "text-red-800" : "text-slate-700"}>
          Upstream said: {a.message}
        </p>
      ) : null}
      <p className="text-xs text-slate-600">
        worker {a.workerId}
        {a.finishedAt ? (
          <>
            {" "}
            · finished <TimeText at={a.finishedAt} />
          </>
        ) : null}
      </p>
      <JsonView label="Request (allow-listed fields)" value={a.request} />
      {/* A refused call shows the upstream's own words at once. */}
      <JsonView
        label="Response (allow-listed fields)"
        value={a.response}
        open={Boolean(a.outcome && BAD_OUTCOMES.has(a.outcome))}
      />
    </>
  );
}

export function OrderTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <p className="text-slate-600">Nothing has happened to this order yet.</p>;
  return (
    <ol className="space-y-3" aria-label="Timeline">
      {entries.map((e) => (
        <li
          key={`${e.type}-${e.id}`}
          data-category={e.category}
          className="rounded-md border border-slate-200 bg-white p-3 text-sm"
        >
          <p className="text-xs text-slate-600">
            <TimeText at={e.at} /> · {CATEGORY_LABEL[e.category]}
          </p>
          {e.type === "event" ? <EventItem e={e} /> : <AttemptItem a={e} />}
        </li>
      ))}
    </ol>
  );
}
