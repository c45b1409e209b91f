// One store of compiled ICU messages for the whole web process, handed to next-intl as its
// `_cache` in i18n/request.ts. Left alone, next-intl makes a new store for every request, so each
// message with arguments is parsed into an IntlMessageFormat again on every page view (0.2–1 ms
// of a dashboard's web CPU on a 2-core host: docs/benchmarks/pages.md "Pages: compiled messages kept
// across requests").
//
// Sharing is safe: next-intl keys a compiled message by its text, language and formats (the time
// zone is one of them), and the values are applied at each format, so one user's words never
// reach another's page. `_cache` is next-intl's own (underscored) option; if a later version
// ignores it, pages format as before, only dearer (tests/unit/message-format-cache.test.ts checks
// that next-intl's translators use the store they are given).
//
// Bounded: the key holds a time zone, and a user may pick any of about 400, so the store empties
// itself when full instead of growing. A language's catalogue has about 250 messages with
// arguments, so MAX_MESSAGES holds three languages in six zones. A compiled message also keeps
// the Intl formatters of the request that compiled it; emptying the store lets those go too.

import type { createTranslator } from "next-intl";

const MAX_MESSAGES = 5000;

/** next-intl's cache type, as its translators take it. */
type IntlCache = NonNullable<Parameters<typeof createTranslator>[0]["_cache"]>;

type Store = Record<string, unknown>;

/**
 * A store with the plain-object shape next-intl's memo uses (`store[key]`, `store[key] = value`),
 * emptied when a new key would take it past `limit` (as lib/i18n/date-time-format.ts's formats
 * are). `Object.keys` lists what it holds.
 */
export function boundedStore(limit: number): Store {
  let entries = new Map<string, unknown>();
  return new Proxy({} as Store, {
    get: (_target, key) => (typeof key === "string" ? entries.get(key) : undefined),
    set: (_target, key, value) => {
      if (typeof key !== "string") return false;
      if (entries.size >= limit && !entries.has(key)) entries = new Map();
      entries.set(key, value);
      return true;
    },
    ownKeys: () => [...entries.keys()],
    getOwnPropertyDescriptor: (_target, key) =>
      typeof key === "string" && entries.has(key)
        ? { value: entries.get(key), writable: true, enumerable: true, configurable: true }
        : undefined,
  });
}

/**
 * A cache in next-intl's shape (use-intl's createCache) whose compiled messages outlive a request.
 * Only `message` is used: next-intl keeps its Intl formatters (dates, numbers) in a per-request
 * store of its own whatever is passed, so the other stores stay empty.
 */
export function sharedMessageCache(limit = MAX_MESSAGES): IntlCache {
  return {
    dateTime: {},
    number: {},
    message: boundedStore(limit) as IntlCache["message"],
    relativeTime: {},
    pluralRules: {},
    list: {},
    displayNames: {},
  };
}

/** The web process's one cache (i18n/request.ts). */
export const processMessageCache = sharedMessageCache();
