// The web shares compiled messages across requests (lib/i18n/message-format-cache.ts). What that
// relies on: next-intl's translators use the `_cache` they are given, so a second request's
// translator reuses the first one's compiled message; and the key keeps apart what must stay
// apart (each value, each time zone).
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { boundedStore, sharedMessageCache } from "@/lib/i18n/message-format-cache";

const messages = { m: { hello: "Hello {name}", at: "Placed at {at, time, short}" } };

function translator(cache: ReturnType<typeof sharedMessageCache>, timeZone: string) {
  return createTranslator({ locale: "en", timeZone, messages, namespace: "m", _cache: cache });
}

describe("compiled messages shared across requests", () => {
  it("compiles a message once for two translators given the same cache, each with its own values", () => {
    const cache = sharedMessageCache();
    expect(translator(cache, "Europe/Rome")("hello", { name: "Ann" })).toBe("Hello Ann");
    const keys = Object.keys(cache.message);
    expect(keys).toHaveLength(1);
    const key = keys[0] ?? "";
    const compiled = cache.message[key];
    expect(compiled).toBeDefined();

    expect(translator(cache, "Europe/Rome")("hello", { name: "Bob" })).toBe("Hello Bob");
    expect(Object.keys(cache.message)).toEqual(keys);
    expect(cache.message[key]).toBe(compiled);
  });

  it("keeps a time in each translator's own zone", () => {
    const cache = sharedMessageCache();
    const at = new Date("2026-01-15T12:00:00Z");
    // 1 PM in Rome, 7 AM in New York (as this machine's ICU spells a short time).
    const time = (timeZone: string) =>
      `Placed at ${new Intl.DateTimeFormat("en", { timeStyle: "short", timeZone }).format(at)}`;
    expect(time("Europe/Rome")).not.toBe(time("America/New_York"));
    expect(translator(cache, "Europe/Rome")("at", { at })).toBe(time("Europe/Rome"));
    expect(translator(cache, "America/New_York")("at", { at })).toBe(time("America/New_York"));
    expect(translator(cache, "Europe/Rome")("at", { at })).toBe(time("Europe/Rome"));
    expect(Object.keys(cache.message)).toHaveLength(2);
  });
});

describe("boundedStore", () => {
  it("reads back what was written, and empties itself when a new key would pass the limit", () => {
    const store = boundedStore(2);
    store.a = 1;
    store.b = 2;
    expect([store.a, store.b]).toEqual([1, 2]);
    store.b = 3; // an existing key: no room needed
    expect(Object.keys(store)).toEqual(["a", "b"]);
    store.c = 4;
    expect(Object.keys(store)).toEqual(["c"]);
    expect(store.a).toBeUndefined();
    expect(store.c).toBe(4);
  });
});
