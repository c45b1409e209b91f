// The warning on every support page: work waits with no worker alive, or orders are
// held for a person (refused credentials, or a check that could not decide).
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Viewer } from "@/lib/auth/session";
import { getHealthAlerts } from "@/lib/health/health-banner";

export async function HealthBanner({ viewer }: { viewer: Viewer }) {
  const alerts = await getHealthAlerts(viewer);
  if (alerts.length === 0) return null;
  const t = await getTranslations("supportHealth");
  return (
    // A polite status, not an alert: it shows on every support page, and an alert would cut off
    // each page's heading for a screen reader, page after page.
    <div
      role="status"
      data-testid="health-banner"
      className="mb-6 rounded-md border-2 border-amber-600 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <ul className="space-y-1">
        {alerts.map((a) => (
          <li key={a.kind} data-kind={a.kind}>
            {a.kind === "held" ? t("heldAlert", { count: a.count }) : t("noWorkerAlert", { jobs: a.count })}
          </li>
        ))}
      </ul>
      <p className="mt-2">
        <Link className="underline" href="/support/health">
          {t("seeHealth")}
        </Link>
      </p>
    </div>
  );
}
