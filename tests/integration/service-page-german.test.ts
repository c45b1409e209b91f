// The reseller's service page in German: "Current settings" and the change forms read as a German
// reseller expects (the order form's labels, sizes as "8 GB", "Keine Begrenzung" for -1, Ja/Nein,
// no provider field names, no byte counts), and what the change form sends reaches the provider
// (the simulators over HTTP) in the provider's units: "No limit" as Qboxmail's -1, a size typed in
// GB as bytes, only the fields the person changed. A refusal names the field, in German.
import { randomUUID } from "node:crypto";
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { ChangeForm } from "@/app/r/[slug]/services/[id]/change-form";
import { SettingsList } from "@/app/r/[slug]/services/[id]/settings-list";
import { db } from "@/lib/db";
import { type FormTranslators, resultIn } from "@/lib/forms/action";
import type { FormResult } from "@/lib/forms/result";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { parseOptionsFor } from "@/lib/i18n/zod-errors";
import {
  changeFields,
  changeRequestFromForm,
  policySections,
  SHOWN_FIELD,
  shownSettings,
  shownValues,
} from "@/lib/services/change-fields";
import { placeChange } from "@/lib/services/place-change";
import { refreshService } from "@/lib/services/read-live";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";
import { renderIn, visibleOwnText } from "../support/german-markup";
import { fileTenant, forms, isFinal, succeededService, waitForOrder } from "./pipeline-fixtures";

const t = fileTenant({ limits: { maxDomains: 5, maxServers: 2 }, worker: {} });

type Service = Awaited<ReturnType<typeof succeededService>>["service"];

async function liveSettings(service: Service) {
  const reading = await refreshService(service);
  if (!reading.ok) throw new Error(reading.message);
  return reading.settings as Record<string, unknown>;
}

function settingsText(kind: OrderKind, settings: Record<string, unknown>) {
  return visibleOwnText(renderIn("de", createElement(SettingsList, { kind, settings })));
}

const noAction = async () => ({ ok: true as const, data: undefined });
function changeFormHtml(kind: OrderKind, settings: Record<string, unknown>, policy = false) {
  const shown = shownSettings(kind, settings);
  const sections = policy ? policySections() : [{ id: "basics" as const, title: "", fields: changeFields(kind) }];
  const fields = {
    kind,
    sections,
    settings: shown,
    shown: shownValues(
      sections.flatMap((s) => s.fields),
      shown,
    ),
  };
  return renderIn(
    "de",
    createElement(ChangeForm, {
      action: noAction,
      idempotencyKey: "k",
      submitLabel: "Speichern",
      fields,
      idPrefix: "c",
    }),
  );
}

/**
 * The form data a browser sends for the form as shown, with what the person `typed` over it: a
 * ticked switch sends "true" (an unticked one nothing: typed ""), a ticked "No limit" box sends
 * "<name>~none" and disables the number beside it.
 */
function submitted(kind: OrderKind, settings: Record<string, unknown>, typed: [string, string][], policy = false) {
  const shown = shownSettings(kind, settings);
  const fields = policy ? policySections().flatMap((s) => s.fields) : changeFields(kind);
  const values = shownValues(fields, shown);
  const sent = new Map<string, string>();
  for (const f of fields) {
    const value = values[f.name] ?? "";
    if (f.input === "checkbox") {
      if (value === "true") sent.set(f.name, "true");
    } else if (f.noLimit !== undefined && value === String(f.noLimit)) sent.set(`${f.name}~none`, "true");
    else sent.set(f.name, value);
  }
  for (const [name, value] of typed) {
    if (name.endsWith("~none")) sent.delete(name.slice(0, -"~none".length));
    else if (!name.endsWith("~unit")) sent.delete(`${name}~none`);
    if (value === "") sent.delete(name);
    else sent.set(name, value);
  }
  const fd = new FormData();
  fd.set("idempotencyKey", `chg-${randomUUID()}`);
  fd.set(SHOWN_FIELD, JSON.stringify(values));
  for (const [name, value] of sent) fd.append(name, value);
  return fd;
}

async function placed(service: Service, fd: FormData) {
  const r = await placeChange(t.user, changeRequestFromForm(service.id, "change", fd));
  if (!r.ok) throw new Error(JSON.stringify(r));
  const order = await waitForOrder(r.orderId, isFinal, 40_000);
  expect(order.status).toBe("succeeded");
  return (await db().order.findUniqueOrThrow({ where: { id: r.orderId } })).payload as { set: Record<string, unknown> };
}

// Provider field names that must never be a label, and what a raw value looks like.
const RAW = /max_email|_disabled|antispam_level|maxUser|syncPolicy|domainStatus|\btrue\b|\bfalse\b|waiting_|\b\d{9,}\b/;

describe("the service page in German", () => {
  it("Qboxmail domain: settings in words; No limit reaches Qboxmail as -1; only changes are sent", async () => {
    const service = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain()).then((s) => s.service);
    const settings = await liveSettings(service);
    expect(settings.max_email_accounts).toBe(-1);

    const list = settingsText("qboxmail_domain", settings);
    expect(list).toContain("Postfächer");
    expect(list).toContain("Keine Begrenzung");
    expect(list).toContain("8 GB"); // max_email_quota 8589934592 bytes
    expect(list).toMatch(/IMAP ausschalten Nein/);
    expect(list).not.toMatch(RAW);
    expect(list).not.toMatch(/Mailboxes|Disable IMAP|No limit|\bYes\b|\bNo\b/);

    const html = changeFormHtml("qboxmail_domain", settings);
    const form = visibleOwnText(html);
    expect(form).toContain("Postfächer mit 25 GB");
    expect(form).toContain("Spamfilter");
    expect(form).not.toMatch(/Mailboxes|Antispam level|-1|no limit/i);
    // Switches for on/off settings, a "No limit" box for each limit (ticked: -1 at the provider).
    expect(html).toContain('role="switch"');
    expect(html).toMatch(/name="max_email_accounts~none"[^>]*checked/);

    // The reseller sets 25 mailboxes and four 50 GB mailboxes and turns IMAP off.
    const first = await placed(
      service,
      submitted("qboxmail_domain", settings, [
        ["max_email_accounts", "25"],
        ["max_email_accounts_50gb", "4"],
        ["imap_disabled", "true"],
      ]),
    );
    // Unchanged fields (25 GB still unlimited, the antispam level, the other switches) are not sent.
    expect(first.set).toEqual({ max_email_accounts: 25, max_email_accounts_50gb: 4, imap_disabled: true });
    const after = await liveSettings(service);
    expect(after).toMatchObject({ max_email_accounts: 25, max_email_accounts_50gb: 4, imap_disabled: true });

    // Back to no limit with the box: Qboxmail receives its -1.
    const second = await placed(service, submitted("qboxmail_domain", after, [["max_email_accounts~none", "true"]]));
    expect(second.set).toEqual({ max_email_accounts: -1 });
    expect((await liveSettings(service)).max_email_accounts).toBe(-1);
  });

  it("Qboxmail manager: the Delivery limits only a change takes, in words, on the form, and at Qboxmail", async () => {
    const service = await succeededService(t, "qboxmail_manager", forms.qboxmail_manager()).then((s) => s.service);
    const settings = await liveSettings(service);
    expect(settings).toMatchObject({ max_delivery_domains: -1, max_delivery_accounts: -1 });
    expect(settingsText("qboxmail_manager", settings)).toMatch(/Delivery-Domains Keine Begrenzung/);

    const html = changeFormHtml("qboxmail_manager", settings);
    expect(visibleOwnText(html)).toContain("Delivery-Konten");
    expect(visibleOwnText(html)).not.toMatch(/max_delivery|Delivery accounts/);
    expect(html).toMatch(/name="max_delivery_accounts~none"[^>]*checked/);

    const set = await placed(service, submitted("qboxmail_manager", settings, [["max_delivery_accounts", "30"]]));
    expect(set.set).toEqual({ max_delivery_accounts: 30 });
    const after = await liveSettings(service);
    expect(after).toMatchObject({ max_delivery_domains: -1, max_delivery_accounts: 30 });
    expect(settingsText("qboxmail_manager", after)).toMatch(/Delivery-Konten 30/);
  });

  it("grommunio domain: an attachment size typed in GB arrives in bytes, a truncation size in KB", async () => {
    const service = await succeededService(t, "grommunio_domain", forms.grommunio_domain()).then((s) => s.service);
    const settings = await liveSettings(service);
    const list = settingsText("grommunio_domain", settings);
    expect(list).toContain("Höchstzahl"); // the order form's label of maxUser
    expect(list).not.toMatch(RAW);

    const form = visibleOwnText(changeFormHtml("grommunio_domain", settings, true));
    expect(form).not.toMatch(/Maximum attachment size|Allow Bluetooth|Device security/);

    const set = await placed(
      service,
      submitted(
        "grommunio_domain",
        settings,
        [
          ["syncPolicy.maxattsize", "1,5"],
          ["syncPolicy.maxattsize~unit", "GB"],
          ["syncPolicy.maxemailbodytruncsize", "512"],
          ["syncPolicy.maxemailbodytruncsize~unit", "KB"],
        ],
        true,
      ),
    ).then((p) => p.set);
    expect(set.syncPolicy).toMatchObject({ maxattsize: 1.5 * 1024 ** 3, maxemailbodytruncsize: 512 });
    const state = (await (await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/state`)).json()) as {
      domains: { ID: number; syncPolicy: Record<string, unknown> | null }[];
    };
    const policy = state.domains.find((d) => d.ID === Number(service.upstreamRef))?.syncPolicy;
    expect(policy).toMatchObject({ maxemailbodytruncsize: 512 });
    expect(String(policy?.maxattsize)).toBe(String(1.5 * 1024 ** 3));
    // The settings list counts the changed settings in German, never the raw object.
    expect(settingsText("grommunio_domain", await liveSettings(service))).toMatch(
      /ActiveSync-Richtlinie 2 vom Standard/,
    );
  });

  it("a refusal names the field and what to fix, in German", async () => {
    const service = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain()).then((s) => s.service);
    const settings = await liveSettings(service);
    const r = await placeChange(
      t.user,
      changeRequestFromForm(
        service.id,
        "change",
        submitted("qboxmail_domain", settings, [["max_email_accounts", "viele"]]),
      ),
    );
    expect(r.ok).toBe(false);
    const DE: FormTranslators = {
      validation: createTranslator({
        locale: "de",
        messages: de as typeof en,
        namespace: "validation",
      }) as FormTranslators["validation"],
      sentences: createTranslator({
        locale: "de",
        messages: de as typeof en,
        namespace: "sentences",
      }) as FormTranslators["sentences"],
    };
    const german = resultIn(r as FormResult<unknown>, DE);
    expect(german.ok).toBe(false);
    const errors = german.ok ? {} : german.fieldErrors;
    expect(Object.keys(errors)).toEqual(["max_email_accounts"]);
    expect(errors.max_email_accounts?.[0]).toMatch(/ganze Zahl/);
    // zod's own wording (a size beyond what grommunio stores) comes in German too, on its field.
    const grommunio = await succeededService(t, "grommunio_domain", forms.grommunio_domain()).then((s) => s.service);
    const tooBig = await placeChange(t.user, {
      ...changeRequestFromForm(
        grommunio.id,
        "change",
        submitted(
          "grommunio_domain",
          await liveSettings(grommunio),
          [
            ["syncPolicy.maxattsize", "3"],
            ["syncPolicy.maxattsize~unit", "GB"],
          ],
          true,
        ),
      ),
      parseOptions: parseOptionsFor("de"),
    });
    const tooBigGerman = resultIn(tooBig as FormResult<unknown>, DE);
    const sizeErrors = tooBigGerman.ok ? [] : (tooBigGerman.fieldErrors["syncPolicy.maxattsize"] ?? []);
    expect(sizeErrors.length).toBe(1);
    expect(sizeErrors[0]).not.toMatch(/Too big|expected/);
    // A form left as it was is refused with "change something", in German.
    const empty = await placeChange(
      t.user,
      changeRequestFromForm(service.id, "change", submitted("qboxmail_domain", settings, [])),
    );
    const emptyGerman = resultIn(empty as FormResult<unknown>, DE);
    expect(emptyGerman.ok ? "" : emptyGerman.formError).toBe("Ändern Sie mindestens eine Einstellung");
  });
});
