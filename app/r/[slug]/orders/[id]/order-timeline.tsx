// The order's story in time order: state changes and upstream attempts (time, outcome,
// duration). Attempt rows hold no secrets, and only their summary fields are shown here. What the
// provider answered is quoted in its own words, labelled as the provider's.
import { useFormatter, useTranslations } from "next-intl";
import { PortalText } from "@/app/ui/portal-text";
import { TimeText } from "@/app/ui/time-text";
import type { TimelineItem } from "@/lib/orders/queries/order-view-shared";
import { actionText, attemptTitle, durationText, outcomeText } from "./timeline-text";

const outcomeTone: Record<string, string> = {
  succeeded: "text-green-800",
  found: "text-green-800",
  rejected: "text-red-800",
  auth: "text-red-800",
  transient: "text-amber-800",
  unknown: "text-amber-800",
};

export function OrderTimeline({ items, provider }: { items: TimelineItem[]; provider: string }) {
  const t = useTranslations("orderPage");
  const format = useFormatter();
  if (items.length === 0) return <p className="text-sm text-slate-600">{t("nothingYet")}</p>;
  return (
    <ol className="relative space-y-3 border-l-2 border-slate-200 pl-4" aria-label={t("timelineLabel")}>
      {items.map((item) => (
        <li key={item.id} className="text-sm">
          <TimeText at={item.at} className="block text-xs text-slate-600" />
          {item.type === "event" ? (
            <p>
              <span className="font-medium">{actionText(t, item.action)}</span>
              {item.actor === "person" && item.action !== "order.placed" ? (
                <span className="text-slate-600"> {t("byPerson")}</span>
              ) : null}
              {item.reason ? (
                // A person's reason as typed; what the worker or the relay recorded is the
                // portal's words or, failing that, the provider's.
                <PortalText
                  text={item.reason}
                  provider={provider}
                  unknown={item.actor === "person" ? "plain" : "provider"}
                  className="block text-slate-700"
                />
              ) : null}
            </p>
          ) : (
            <p>
              <span className="font-medium">{attemptTitle(t, item.kind, item.number)}</span>
              {" — "}
              <span className={outcomeTone[item.outcome ?? ""] ?? "text-slate-800"}>
                {outcomeText(t, item.outcome)}
              </span>
              {item.httpStatus ? (
                <span className="text-slate-600"> {t("httpStatus", { status: item.httpStatus })}</span>
              ) : null}
              {item.durationMs !== null ? (
                <span className="text-slate-600">
                  {t("took", { duration: durationText(item.durationMs, (n) => format.number(n)) })}
                </span>
              ) : null}
              {item.message ? (
                <PortalText provider={provider} text={item.message} className="block text-slate-700" />
              ) : null}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
