// One timeline of an order: state changes (actor, reason, before → after), upstream calls with
// their allow-listed request/response, reconciliation lookups and people's actions. What the
// provider answered is quoted in its own words, labelled as the provider's.
import { useTranslations } from "next-intl";
import { actionText, outcomeText } from "@/app/r/[slug]/orders/[id]/timeline-text";
import { PortalText } from "@/app/ui/portal-text";
import { TimeText } from "@/app/ui/time-text";
import { readPortalText } from "@/lib/i18n/portal-texts";
import { isOrderStatus } from "@/lib/orders/vocabulary";
import type { TimelineEntry } from "@/lib/support/order-detail";
import { JsonView } from "./json-view";

// Outcomes worth red ink; "absent" after a lookup is the normal road to a fresh create.
const BAD_OUTCOMES = new Set(["rejected", "transient", "unknown", "auth", "abandoned"]);

type T = ReturnType<typeof useTranslations<"supportOrder">>;
/** The words a timeline entry takes from other namespaces: status names, attempt outcomes, actions. */
type Words = { status: (s: string) => string; page: (key: string, values?: Record<string, string | number>) => string };

// Who acted, when not a person: the kind of process and its part, in the viewer's words; the
// process id (a worker's) stays as it is, since support matches it against the logs.
const ACTOR_PARTS: Record<string, string> = {
  "provisioning worker": "provisioningWorker",
  relay: "relay",
  "activation re-check": "activationRecheck",
  "sign-in": "signIn",
  // lib/orders/dependents.ts: a domain order moved on when its server order ended.
  dispatch: "dispatch",
};

function actorText(t: T, actor: Extract<TimelineEntry, { type: "event" }>["actor"]): string {
  if (actor.type === "user") return actor.label ?? actor.id ?? "?";
  const kind = actor.type === "worker" || actor.type === "system" ? t(`actors.${actor.type}`) : actor.type;
  const part = actor.label && ACTOR_PARTS[actor.label] ? t(`actorParts.${ACTOR_PARTS[actor.label]}`) : actor.label;
  return [kind, part, actor.type === "worker" ? actor.id : null].filter(Boolean).join(" · ");
}

function statusOf(v: unknown): string | null {
  return v && typeof v === "object" && "status" in v ? String((v as { status: unknown }).status) : null;
}

function EventItem({
  e,
  t,
  w,
  provider,
}: {
  e: Extract<TimelineEntry, { type: "event" }>;
  t: T;
  w: Words;
  provider: string;
}) {
  const from = statusOf(e.before);
  const to = statusOf(e.after);
  const who = actorText(t, e.actor);
  const lastError =
    e.after && typeof e.after === "object" && "lastError" in e.after
      ? (e.after as { lastError: unknown }).lastError
      : null;
  return (
    <>
      <p className="font-medium">
        {t(`categories.${e.category}`)}:{" "}
        {from && to ? (
          <>
            {w.status(from)} → {w.status(to)}
          </>
        ) : (
          actionText(w.page, e.action)
        )}
      </p>
      <p className="text-slate-700">
        {t("by", { who })}
        {e.reason ? (
          <>
            {" "}
            — {t("reasonQuoted")} <Reason text={e.reason} provider={provider} byPerson={e.actor.type === "user"} />
          </>
        ) : null}
      </p>
      {lastError ? (
        <p className="text-red-800">
          {t("error")} <PortalText provider={provider} text={String(lastError)} />
        </p>
      ) : null}
      <JsonView label={t("beforeAfter")} value={{ before: e.before, after: e.after }} />
    </>
  );
}

/**
 * A reason the portal wrote, in the viewer's words; a person's own reason quoted as typed; what
 * else the worker or the relay recorded is the provider's words, labelled as such.
 */
function Reason({ text, provider, byPerson }: { text: string; provider: string; byPerson: boolean }) {
  if (byPerson && !readPortalText(text)) return <q>{text}</q>;
  return <PortalText text={text} provider={provider} />;
}

function AttemptItem({
  a,
  t,
  w,
  provider,
}: {
  a: Extract<TimelineEntry, { type: "attempt" }>;
  t: T;
  w: Words;
  provider: string;
}) {
  const title = a.kind === "lookup" ? "callLookup" : a.kind === "change" ? "callChange" : "callCreate";
  return (
    <>
      <p className="font-medium">
        {t(title, { number: a.number })} {a.outcome ? outcomeText(w.page, a.outcome) : t("inProgress")}
      </p>
      <p className="break-all font-mono text-xs text-slate-800">
        {a.method ?? "?"} {a.path ?? ""} → {a.httpStatus ?? t("noResponse")} · {a.durationMs ?? "?"} ms
        {a.requestId ? <> · {t("requestId", { id: a.requestId })}</> : null}
      </p>
      {a.message ? (
        <p className={a.outcome && BAD_OUTCOMES.has(a.outcome) ? "text-red-800" : "text-slate-700"}>
          <PortalText provider={provider} text={a.message} />
        </p>
      ) : null}
      <p className="text-xs text-slate-600">
        {t("worker", { id: a.workerId })}
        {a.finishedAt ? (
          <>
            {" "}
            · {t("finished")} <TimeText at={a.finishedAt} />
          </>
        ) : null}
      </p>
      <JsonView label={t("request")} value={a.request} />
      {/* A refused call shows the upstream's own words at once. */}
      <JsonView label={t("response")} value={a.response} open={Boolean(a.outcome && BAD_OUTCOMES.has(a.outcome))} />
    </>
  );
}

export function OrderTimeline({ entries, provider }: { entries: TimelineEntry[]; provider: string }) {
  const t = useTranslations("supportOrder");
  const statuses = useTranslations("status");
  const page = useTranslations("orderPage");
  const w: Words = {
    status: (s) => (isOrderStatus(s) ? statuses(s) : s),
    page: page as unknown as Words["page"],
  };
  if (entries.length === 0) return <p className="text-slate-600">{t("nothingYet")}</p>;
  return (
    <ol className="space-y-3" aria-label={t("timelineLabel")}>
      {entries.map((e) => (
        <li
          key={`${e.type}-${e.id}`}
          data-category={e.category}
          className="rounded-md border border-slate-200 bg-white p-3 text-sm"
        >
          <p className="text-xs text-slate-600">
            <TimeText at={e.at} /> · {t(`categories.${e.category}`)}
          </p>
          {e.type === "event" ? (
            <EventItem e={e} t={t} w={w} provider={provider} />
          ) : (
            <AttemptItem a={e} t={t} w={w} provider={provider} />
          )}
        </li>
      ))}
    </ol>
  );
}
