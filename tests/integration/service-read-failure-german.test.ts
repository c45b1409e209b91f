// When the service page cannot read the provider, a German reseller reads why in German: the
// portal's own sentence translated, what the upstream client reported in the portal's German words,
// and nothing of it labelled as the provider's (the provider said nothing: it could not be reached).

import { randomUUID } from "node:crypto";
import net from "node:net";
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { PortalText } from "@/app/ui/portal-text";
import { resetEnvCache } from "@/lib/env";
import { localizeSentence } from "@/lib/i18n/sentences";
import { refreshService } from "@/lib/services/read-live";
import de from "@/messages/de.json";
import { englishPortalWords, renderIn, visibleOwnText } from "../support/german-markup";

const saved = process.env.QBOXMAIL_API_URL;
afterEach(() => {
  process.env.QBOXMAIL_API_URL = saved;
  resetEnvCache();
});

const germanSentences = createTranslator({ locale: "de", messages: de, namespace: "sentences" });
const domain = () => ({
  id: randomUUID(),
  kind: "qboxmail_domain" as const,
  upstreamRef: "D-1",
  naturalKey: "example.com",
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a service page that cannot read the provider, in German", () => {
  it("says so in German, with the connection failure in the portal's German words", async () => {
    process.env.QBOXMAIL_API_URL = `http://127.0.0.1:${await closedPort()}`;
    resetEnvCache();
    const reading = await refreshService(domain());
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.detail).toBeDefined();
    const html = renderIn("de", createElement(PortalText, { provider: "qboxmail", text: reading.detail ?? "" }));
    expect(html).not.toContain('data-testid="provider-words"');
    const text = visibleOwnText(html);
    expect(englishPortalWords(text)).toEqual([]);
    expect(text).toContain("ECONNREFUSED");
    // The sentence a form would show (an ownership check that could not read back).
    expect(localizeSentence(reading.message, germanSentences)).toMatch(/^Die Daten konnten gerade nicht/);
  });

  it("a connection that is not configured is the portal's sentence, in German", async () => {
    process.env.QBOXMAIL_API_URL = "";
    resetEnvCache();
    const reading = await refreshService(domain());
    expect(reading).toMatchObject({ ok: false });
    if (reading.ok) return;
    expect(reading.detail).toBeUndefined();
    expect(localizeSentence(reading.message, germanSentences)).toBe(
      "Die Verbindung zu Qboxmail ist nicht eingerichtet.",
    );
  });
});
