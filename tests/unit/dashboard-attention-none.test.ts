// The dashboard's "needs attention" section leaves out failed orders the reseller has dealt with
// since (lib/dashboard/dashboard-data.ts), while the status counts show every failed order: its
// empty state must not then say there are no failed orders.
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Dashboard } from "@/app/r/[slug]/dashboard/dashboard";
import type { DashboardData } from "@/lib/dashboard/dashboard-data";
import en from "@/messages/en.json";

const emptyState = (byStatus: Record<string, number>) => {
  const data: DashboardData = { customers: 1, byStatus, attention: [], recent: [], usage: [], days: [] };
  const html = renderToStaticMarkup(
    createElement(
      NextIntlClientProvider,
      // The children come as createElement's third argument.
      { locale: "en", messages: en, timeZone: "UTC" } as unknown as ComponentProps<typeof NextIntlClientProvider>,
      createElement(Dashboard, { slug: "alpine", resellerName: "Alpine", data }),
    ),
  );
  return /data-testid="attention-none"[^>]*>([^<]*)</.exec(html)?.[1];
};

describe("the dashboard with nothing needing attention", () => {
  it("says failed orders dealt with are left out while the counts show failed ones, and that there are none otherwise", () => {
    expect(emptyState({ failed: 3, succeeded: 9 })).toMatch(
      /^Nothing needs your attention\. Failed orders you have since placed again/,
    );
    expect(emptyState({ succeeded: 9 })).toBe("Nothing needs attention: no failed, held, retrying or checking orders.");
  });
});
