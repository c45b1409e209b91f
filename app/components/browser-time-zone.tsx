"use client";

// Reports the browser's time zone in a cookie, so times show in the viewer's zone before they
// pick one in their profile (i18n/request.ts reads it). Refreshes once when it changed, so
// the first page already rendered in UTC is shown again in the right zone.
import { useRouter } from "next/navigation";
import { useTimeZone } from "next-intl";
import { useEffect } from "react";

const COOKIE = "tz"; // lib/i18n/time-zone.ts BROWSER_TIME_ZONE_COOKIE

export function BrowserTimeZone() {
  const router = useRouter();
  const rendered = useTimeZone();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone) return;
    const current = document.cookie.split("; ").find((c) => c.startsWith(`${COOKIE}=`));
    if (current === `${COOKIE}=${encodeURIComponent(zone)}`) return;
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read on the server
    document.cookie = `${COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    if (rendered !== zone) router.refresh();
  }, [rendered, router]);
  return null;
}
