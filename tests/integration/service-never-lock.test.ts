// A grommunio domain whose device lock time was set over 9999 seconds at grommunio itself (its
// panel, another client), which grommunio reads as "never lock" (docs/order-form.md "No limit is a
// box, not `-1`"): the service page's policy form, read live from the simulator over HTTP, starts
// with "Never lock" ticked and no time, and a change of another setting saved with the form as
// shown reaches grommunio without touching the lock time.
import { randomUUID } from "node:crypto";
import { NextIntlClientProvider } from "next-intl";
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ManageSection } from "@/app/r/[slug]/services/[id]/manage-section";
import { db } from "@/lib/db";
import {
  changeRequestFromForm,
  policySections,
  SHOWN_FIELD,
  shownSettings,
  shownValues,
} from "@/lib/services/change-fields";
import { placeChange } from "@/lib/services/place-change";
import { getService } from "@/lib/services/queries";
import { refreshService } from "@/lib/services/read-live";
import { upstreamClients } from "@/lib/upstream/clients";
import en from "@/messages/en.json";
import { fileTenant, forms, isFinal, succeededService, waitForOrder } from "./pipeline-fixtures";

const t = fileTenant({ worker: {} });
const LOCK = "syncPolicy.maxinacttimedevlock";

async function grommunioPolicy(id: string) {
  const res = await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/state`);
  const state = (await res.json()) as { domains: { ID: number; syncPolicy: Record<string, unknown> | null }[] };
  return state.domains.find((d) => d.ID === Number(id))?.syncPolicy;
}

const inputNamed = (html: string, name: string) =>
  new RegExp(`<(?:input|select)[^>]*name="${name.replace(/[.~]/g, "\\$&")}"[^>]*>`).exec(html)?.[0] ?? "";

describe("a lock time over 9999 seconds set at grommunio", () => {
  it("shows as 'Never lock' ticked on the service page, and a change of another setting leaves it as it is", async () => {
    const { service } = await succeededService(
      t,
      "grommunio_domain",
      forms.grommunio_domain(undefined, { syncPolicy: { allowwifi: "1" } }),
    );
    // Set at grommunio, outside the portal: 12000 seconds, which grommunio applies as never.
    const patched = await upstreamClients().grommunio!.patchDomain(service.upstreamRef, {
      syncPolicy: { allowwifi: 1, maxinacttimedevlock: 12_000 },
    });
    expect(patched.kind).toBe("success");

    // The service page reads the domain live, as its page does on every view.
    const reading = await refreshService(service);
    if (!reading.ok) throw new Error(reading.message);
    expect(reading.settings.syncPolicy).toMatchObject({ maxinacttimedevlock: 12_000 });
    const detail = await getService(t.reseller.id, service.id);
    const html = renderToStaticMarkup(
      createElement(
        NextIntlClientProvider,
        { locale: "en", messages: en, timeZone: "UTC" } as unknown as ComponentProps<typeof NextIntlClientProvider>,
        createElement(ManageSection, {
          slug: t.reseller.slug,
          service: detail!,
          state: reading.state,
          settings: reading.settings,
        }),
      ),
    );
    expect(inputNamed(html, `${LOCK}~none`)).toMatch(/\bchecked=""/);
    expect(inputNamed(html, LOCK)).toMatch(/\bdisabled=""/);
    expect(inputNamed(html, LOCK)).not.toMatch(/value="[^"]/);

    // Wi-Fi turned off with the policy form as shown: the ticked box is posted, the disabled time not.
    const shown = shownValues(
      policySections().flatMap((s) => s.fields),
      shownSettings("grommunio_domain", reading.settings),
    );
    const fd = new FormData();
    fd.set("idempotencyKey", `chg-${randomUUID()}`);
    fd.set(SHOWN_FIELD, JSON.stringify(shown));
    for (const [name, value] of Object.entries(shown)) if (name !== LOCK) fd.set(name, value);
    fd.set(`${LOCK}~none`, "true");
    fd.set("syncPolicy.allowwifi", "0");
    const placed = await placeChange(t.user, changeRequestFromForm(service.id, "change", fd));
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    expect((await waitForOrder(placed.orderId, isFinal, 40_000)).status).toBe("succeeded");
    const order = await db().order.findUniqueOrThrow({ where: { id: placed.orderId } });
    expect((order.payload as { set: unknown }).set).toEqual({ syncPolicy: { allowwifi: 0 } });
    // grommunio keeps its own never-lock value; only Wi-Fi changed.
    expect(await grommunioPolicy(service.upstreamRef)).toEqual({ allowwifi: 0, maxinacttimedevlock: 12_000 });
  });
});
