// Orders placed per day over 30 days (bars) and the success rate of those that finished (line).
// Inline SVG, no chart library; the SVG has a title and description for screen readers and the
// numbers are in a table right below it for anyone who prefers them.
import { useFormatter, useTranslations } from "next-intl";
import { TitledSection } from "@/app/ui/titled-section";
import { type DayStats, successRate } from "@/lib/dashboard/dashboard-data";
import { DATE_ONLY, floorShare, PERCENT } from "@/lib/i18n/formats";

const W = 600;
const H = 180;
const PAD = { top: 10, right: 36, bottom: 22, left: 32 };
/** The table's columns, in the order each row fills them. */
const TABLE_COLUMNS = ["colDay", "colPlaced", "colSucceeded", "colFailed", "colRate"] as const;

export function OrdersChart({ days }: { days: DayStats[] }) {
  const format = useFormatter();
  const t = useTranslations("dashboard");
  // Rounded down, so 99.6 % never reads as 100 % (lib/i18n/formats.ts).
  const pct = (r: number) => format.number(floorShare(r), PERCENT);
  // Days are calendar dates (of the viewer's zone, counted so by dashboard-data.ts): a date is
  // formatted as itself, so at UTC midnight and in UTC.
  const day = (d: string) => format.dateTime(new Date(`${d}T00:00:00Z`), { ...DATE_ONLY, timeZone: "UTC" });
  const max = Math.max(1, ...days.map((d) => d.placed));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / days.length;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const yRate = (r: number) => PAD.top + plotH - r * plotH;
  const points = days
    .map((d, i) => ({ i, rate: successRate(d) }))
    .filter((p): p is { i: number; rate: number } => p.rate !== null)
    .map((p) => `${PAD.left + p.i * step + step / 2},${yRate(p.rate)}`);
  const total = days.reduce((s, d) => s + d.placed, 0);
  const settled = days.reduce((s, d) => ({ succeeded: s.succeeded + d.succeeded, failed: s.failed + d.failed }), {
    succeeded: 0,
    failed: 0,
  });
  const overall = successRate(settled);
  const summary = overall === null ? t("summaryNone", { total }) : t("summary", { total, rate: pct(overall) });

  return (
    <TitledSection id="chart-title" title={t("last30")} className="rounded-md border border-slate-200 bg-white p-4">
      <p className="mb-2 text-sm text-slate-700" data-testid="chart-summary">
        {summary}
      </p>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby="chart-svg-title chart-svg-desc"
      >
        <title id="chart-svg-title">{t("chartTitle")}</title>
        <desc id="chart-svg-desc">{t("chartDesc", { summary })}</desc>
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="#94a3b8" />
        <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" fontSize="10" fill="#334155">
          {format.number(max)}
        </text>
        <text x={PAD.left - 4} y={PAD.top + plotH} textAnchor="end" fontSize="10" fill="#334155">
          0
        </text>
        <text x={W - PAD.right + 4} y={PAD.top + 8} fontSize="10" fill="#166534">
          {format.number(1, PERCENT)}
        </text>
        <text x={W - PAD.right + 4} y={PAD.top + plotH} fontSize="10" fill="#166534">
          {format.number(0, PERCENT)}
        </text>
        {days.map((d, i) => (
          <rect
            key={d.day}
            x={PAD.left + i * step + 2}
            width={Math.max(step - 4, 1)}
            y={y(d.placed)}
            height={PAD.top + plotH - y(d.placed)}
            fill="#1d4ed8"
          />
        ))}
        {points.length > 1 ? <polyline points={points.join(" ")} fill="none" stroke="#15803d" strokeWidth="2" /> : null}
        {points.map((p) => {
          const [cx, cy] = p.split(",");
          return <circle key={p} cx={cx} cy={cy} r="3" fill="#15803d" />;
        })}
        <text x={PAD.left} y={H - 6} fontSize="10" fill="#334155">
          {days[0] ? day(days[0].day) : null}
        </text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" fontSize="10" fill="#334155">
          {days.length ? day(days[days.length - 1]!.day) : null}
        </text>
      </svg>
      <p className="mt-1 flex flex-wrap gap-4 text-xs text-slate-700" aria-hidden="true">
        <span>
          <span className="mr-1 inline-block h-2 w-3 bg-blue-700" />
          {t("placedLegend")}
        </span>
        <span>
          <span className="mr-1 inline-block h-0.5 w-3 bg-green-700 align-middle" />
          {t("rateLegend")}
        </span>
      </p>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-blue-800">{t("showTable")}</summary>
        <div className="mt-2 max-h-72 overflow-auto">
          <table className="min-w-full text-left text-xs">
            <caption className="sr-only">{t("tableCaption")}</caption>
            <thead>
              <tr>
                {TABLE_COLUMNS.map((key) => (
                  <th key={key} scope="col" className="p-1">
                    {t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => {
                const rate = successRate(d);
                return (
                  <tr key={d.day} className="border-t border-slate-100">
                    <th scope="row" className="p-1 font-normal">
                      {day(d.day)}
                    </th>
                    <td className="p-1">{format.number(d.placed)}</td>
                    <td className="p-1">{format.number(d.succeeded)}</td>
                    <td className="p-1">{format.number(d.failed)}</td>
                    <td className="p-1">{rate === null ? "—" : pct(rate)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </TitledSection>
  );
}
