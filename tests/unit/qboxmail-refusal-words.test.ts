// A Qboxmail refusal that names no field (any 400, 409 or other 4xx, a 404 to anything but a create
// (a create's is the portal's address, held for a person), a 422 without usable
// field errors, a 403 that says more than its status) keeps Qboxmail's own message, cleaned, in
// the order's text and on the attempt: without it neither the reseller nor support can tell what
// was refused. A message that may hold a secret is never kept (lib/upstream/provider-message.ts).
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { PORTAL_TEXTS, portalText, readPortalText } from "@/lib/i18n/portal-texts";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { classifyQboxmail, classifyQboxmailCreate, PASSWORD_REFUSED } from "@/lib/upstream/qboxmail/classify";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";
import { judgeCreate, judgeLookup } from "@/workers/processors/verdicts";
import { outcomesOf } from "../support/http-outcome";

const { answer } = outcomesOf({ method: "POST", path: "/api/domains", durationMs: 7 });
const create = { kind: "write", keyField: "name", secrets: [] } as const;
const envelope = (message: unknown, errors: unknown[] = []) => ({ message, errors });
const german = createTranslator({ locale: "de", messages: de as typeof en, namespace: "portalTexts" });
const italian = createTranslator({ locale: "it", messages: it_ as typeof en, namespace: "portalTexts" });
const english = createTranslator({ locale: "en", messages: en, namespace: "portalTexts" });
const ADVICE =
  "Correct what it names and use Edit and resubmit; if it names nothing you can change, contact support with the order number.";

function refusal(status: number, body: unknown, op: Parameters<typeof classifyQboxmail>[1] = create) {
  const r = classifyQboxmail(answer(status, body), op);
  if (r?.kind !== "rejected") throw new Error(`not rejected: ${JSON.stringify(r)}`);
  return r;
}

describe("a Qboxmail refusal of a create that names no field", () => {
  for (const status of [400, 409, 418])
    it(`(${status}) says what Qboxmail refused, in its words, and what to do`, () => {
      const r = refusal(status, envelope("Domain is pending deletion on this platform."));
      expect(r).toMatchObject({
        message: `Qboxmail refused the order (${status}): Domain is pending deletion on this platform. ${ADVICE}`,
        fieldErrors: {},
        answer: { message: "Domain is pending deletion on this platform" },
      });
      // Read back as the portal's text with Qboxmail's words nested: quoted as theirs on the pages.
      expect(readPortalText(r.message)).toEqual({
        key: "qboxRefusedOrder",
        values: { status: String(status) },
        nested: { detail: { quote: "Domain is pending deletion on this platform" } },
        lists: {},
      });
    });

  it("(422) without usable field errors says it too; a 422 naming fields keeps its text and field problems", () => {
    for (const errors of [[], [{ description: "is not valid" }], [{ field: 7, description: "x" }], "nope"])
      expect(refusal(422, { message: "Validazione Fallita", errors }).message).toBe(
        `Qboxmail refused the order (422): Validazione Fallita. ${ADVICE}`,
      );
    const named = refusal(422, envelope("Validation failed", [{ field: "plan", description: "is not valid" }]));
    expect(named).toMatchObject({
      message: "Qboxmail rejected the request (422)",
      fieldErrors: { plan: ["is not valid"] },
      answer: { message: "Validation failed", errors: [{ field: "plan", description: "is not valid" }] },
    });
  });

  it("reads the legacy `error` shape, and says so when Qboxmail gave no message at all", () => {
    expect(refusal(400, { error: "Bad request" }).message).toBe(
      `Qboxmail refused the order (400): Bad request. ${ADVICE}`,
    );
    for (const body of [undefined, "<html>Bad Request</html>", envelope(""), envelope("  \n "), envelope(42)]) {
      const r = refusal(400, body);
      expect(r.message, JSON.stringify(body)).toBe(
        "Qboxmail refused the order (400) without a message the portal can show. Check the order's values and use Edit and resubmit; if it is refused again, contact support with the order number.",
      );
      expect(r.answer).toEqual({});
    }
  });

  it("removes control and format characters, folds blanks, and cuts a long message", () => {
    const r = refusal(409, envelope("Domain\u0000 is\r\n\tpending\u001b[31m \u202edeletion\u200b\u0085 "));
    expect(r.answer).toEqual({ message: "Domain is pending [31m deletion" });
    const long = refusal(400, envelope(`${"é".repeat(150)}😀${"x".repeat(300)}`));
    const kept = long.answer?.message ?? "";
    expect(Array.from(kept)).toHaveLength(200);
    expect(kept.endsWith("…")).toBe(true);
    expect(kept).toContain("😀");
    // With the sentence around it, the text fits what last_error keeps, even inside the retry cap's stop.
    expect(portalText("gaveUpLastError", { attempts: 99, error: long.message }).length).toBeLessThanOrEqual(500);
    expect(readPortalText(long.message)?.key).toBe("qboxRefusedOrder");
  });

  it("never keeps a message that may hold a secret: it is withheld, and the text says none can be shown", () => {
    const secret = "Secret-Pw-123";
    for (const message of [
      `767: unexpected token at '{"name":"a.com","postmaster_password":"${secret}"}'`,
      `La password '${secret}' non è valida`,
      `Passwort ${secret} ist zu schwach`,
      `Invalid X-Api-Token ${secret}`,
      `{"name"=>"a.com", "x"=>"${secret}"}`,
      `"postmaster_password_confirmation": ${secret}`,
    ]) {
      const r = refusal(400, envelope(message));
      expect(r.message, message).toMatch(/^Qboxmail refused the order \(400\) without a message the portal can show\./);
      expect(r.answer, message).toEqual({ messageWithheld: true });
      expect(JSON.stringify(r), message).not.toContain(secret);
    }
    // A password field's description stays withheld on the attempt too.
    const fields = refusal(422, envelope("Validation failed", [{ field: "postmaster_password", description: secret }]));
    expect(fields.answer).toEqual({
      message: "Validation failed",
      errors: [{ field: "postmaster_password", description: PASSWORD_REFUSED }],
    });
    expect(JSON.stringify(fields)).not.toContain(secret);
  });
});

describe("a Qboxmail refusal of anything but a create", () => {
  it("keeps the words without the create's advice (a change, a check, a delete, a read)", () => {
    for (const op of [
      { kind: "write", secrets: [] },
      { kind: "read", secrets: [] },
    ] as const) {
      expect(refusal(400, envelope("Status change not allowed"), op)).toMatchObject({
        message: "Qboxmail rejected the request (400): Status change not allowed",
        answer: { message: "Status change not allowed" },
      });
      expect(refusal(400, envelope(""), op).message).toBe("Qboxmail rejected the request (400)");
    }
  });

  it("a 403 keeps its account advice and adds Qboxmail's words when it gave some", () => {
    const r = refusal(403, envelope("Billing profile required"));
    expect(r.message).toBe(`${PORTAL_TEXTS.qboxForbidden} Qboxmail's words: Billing profile required`);
    expect(readPortalText(r.message)).toMatchObject({
      key: "qboxForbiddenSaying",
      nested: { detail: { quote: "Billing profile required" } },
    });
    expect(refusal(403, undefined).message).toBe(PORTAL_TEXTS.qboxForbidden);
  });
});

describe("the worker's verdict on such a refusal", () => {
  it("fails the order with the text and keeps the answer on the attempt for support", () => {
    const r = classifyQboxmailCreate(answer(409, envelope("Customer C1 is suspended")), "name", []);
    const judged = judgeCreate(r, true, "a.com", "qboxmail_domain");
    expect(judged.verdict).toEqual({
      to: "failed",
      lastError: `Qboxmail refused the order (409): Customer C1 is suspended. ${ADVICE}`,
      fieldErrors: {},
    });
    expect(judged.facts).toMatchObject({
      outcome: "rejected",
      message: `Qboxmail refused the order (409): Customer C1 is suspended. ${ADVICE}`,
      response: { message: "Customer C1 is suspended" },
      call: { status: 409 },
    });
    // A refused lookup keeps it too.
    const lookup = classifyQboxmail(answer(400, envelope("query too short")), { kind: "read", secrets: [] });
    if (lookup?.kind !== "rejected") throw new Error("not rejected");
    expect(judgeLookup(lookup, false, "a.com").facts).toMatchObject({ response: { message: "query too short" } });
    // A refusal with nothing to keep stores no answer.
    const bare = judgeCreate(classifyQboxmailCreate(answer(400), "name", []), true, "a.com");
    expect(bare.facts.response).toBeUndefined();
  });

  it("reads in German and Italian, with only Qboxmail's words left as they came", () => {
    const stored = portalText("qboxRefusedOrder", { status: 409, detail: "Domain is pending deletion" });
    expect(portalTextIn(stored, german)).toBe(
      "Qboxmail hat den Auftrag abgelehnt (409). “Domain is pending deletion”. Korrigieren Sie, was die Meldung nennt, und verwenden Sie „Bearbeiten und erneut senden“; nennt sie nichts, was Sie ändern können, wenden Sie sich mit der Auftragsnummer an den Support.",
    );
    expect(portalTextIn(stored, italian)).toContain(
      "Qboxmail ha rifiutato l'ordine (409). “Domain is pending deletion”.",
    );
    expect(portalTextIn(stored, english)).toBe(
      `Qboxmail refused the order (409). “Domain is pending deletion”. ${ADVICE}`,
    );
    const unexplained = portalText("qboxRefusedOrderUnexplained", { status: 400 });
    expect(portalTextIn(unexplained, german)).toMatch(/^Qboxmail hat den Auftrag abgelehnt \(400\), ohne eine Meldung/);
    const change = portalText("qboxRejectedSaying", { status: 400, detail: "nope" });
    expect(portalTextIn(change, italian)).toBe("Qboxmail ha rifiutato la richiesta (400): “nope”");
  });
});
