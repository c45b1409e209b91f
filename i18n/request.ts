// next-intl's per-request configuration (docs/i18n.md). Language: the signed-in user's saved
// choice, else the browser's Accept-Language. Time zone: the user's saved zone, else the zone the
// browser reported in a cookie, else UTC. Both are read per request, so a change shows at once.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { currentUser } from "@/lib/auth/session";
import { isLocale, type Locale, negotiateLocale } from "@/lib/i18n/locales";
import { processMessageCache } from "@/lib/i18n/message-format-cache";
import { loadMessages } from "@/lib/i18n/messages";
import { BROWSER_TIME_ZONE_COOKIE, DEFAULT_TIME_ZONE, isTimeZone } from "@/lib/i18n/time-zone";
import { log } from "@/lib/log";

export default getRequestConfig(async () => {
  const [user, headerList, cookieStore] = await Promise.all([
    // An account that cannot be read (the database away, a pool timeout) leaves the language to
    // the browser: the root layout still renders, so the page's own failure reaches app/error.tsx
    // and a form's refusal is still translated (lib/forms/action.ts guardFormAction). The page's
    // guard (lib/auth/session.ts) usually meets the same failure and reports it; a server action's
    // may not (React's cache does not span it), so the failure is logged here too.
    currentUser().catch((err: unknown) => {
      log.warn("language: the account could not be read", { error: err instanceof Error ? err.name : "unknown" });
      return null;
    }),
    headers(),
    cookies(),
  ]);
  const locale: Locale = isLocale(user?.locale) ? user.locale : negotiateLocale(headerList.get("accept-language"));
  const browserZone = cookieStore.get(BROWSER_TIME_ZONE_COOKIE)?.value;
  const timeZone = isTimeZone(user?.timeZone)
    ? user.timeZone
    : isTimeZone(browserZone)
      ? browserZone
      : DEFAULT_TIME_ZONE;
  // `_cache` is passed through to every translator of the request (lib/i18n/message-format-cache.ts).
  // next-intl's RequestConfig type does not declare it, so the object goes through a variable:
  // returned as a literal, TypeScript would refuse the extra property.
  const config = { locale, timeZone, messages: await loadMessages(locale), _cache: processMessageCache };
  return config;
});
