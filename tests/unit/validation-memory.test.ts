// Validation messages are English where they are made and translated at the form from a memory of
// which key and values made each text (lib/i18n/validation.ts). A schema builds its messages with
// the code's own values once, when its module loads: those must stay translatable however many
// messages carrying typed values ("a1" is not an address) come after them.
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { localizeMessage, v, vTyped } from "@/lib/i18n/validation";
import type en from "@/messages/en.json";
import it_ from "@/messages/it.json";

const italian = createTranslator({ locale: "it", messages: it_ as typeof en, namespace: "validation" });

describe("the memory of validation messages", () => {
  it("keeps a schema's own message translatable after thousands of typed ones", () => {
    const schemaTime = v("reasonShort", { min: 7 });
    const firstTyped = vTyped("notIpOrNetwork", { value: "typed-0" });
    for (let i = 1; i <= 6_000; i++) vTyped("notIpOrNetwork", { value: `typed-${i}` });
    expect(localizeMessage(schemaTime, italian)).toBe(italian("reasonShort", { min: 7 }));
    expect(localizeMessage(schemaTime, italian)).not.toBe(schemaTime);
    // The typed ones are bounded: the oldest is forgotten and shown as made, in English.
    expect(localizeMessage(firstTyped, italian)).toBe(firstTyped);
    const lastTyped = vTyped("notIpOrNetwork", { value: "typed-6000" });
    expect(localizeMessage(lastTyped, italian)).toBe(italian("notIpOrNetwork", { value: "typed-6000" }));
  });

  it("stays bounded when typed values reach v() by mistake, and keeps what the schemas made first", () => {
    const schemaTime = v("selectAtMost", { max: 17 });
    const made = Array.from({ length: 30_000 }, (_, i) => v("hostnameInUse", { name: `h${i}.example` }));
    expect(localizeMessage(schemaTime, italian)).toBe(italian("selectAtMost", { max: 17 }));
    // Past the permanent memory's bound they went to the bounded one: the older of those are
    // forgotten (shown as made, in English), the latest still translated.
    expect(localizeMessage(made[22_000]!, italian)).toBe(made[22_000]);
    expect(localizeMessage(made[29_999]!, italian)).toBe(italian("hostnameInUse", { name: "h29999.example" }));
  });
});
