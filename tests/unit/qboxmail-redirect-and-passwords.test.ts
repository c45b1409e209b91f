// Two Qboxmail answers the order must not be blamed for, or keep in clear:
// - a redirect (3xx) is never followed; the configured address is not the API's, which a person
//   fixes: held like a refused token (`auth`), never `rejected`, with a message saying so;
// - a 422 on a password field (the postmaster pair of a domain, the manager's pair) stores a
//   fixed text, not Qboxmail's description, which could echo the password it refused.
import { describe, expect, it } from "vitest";
import { readProblem } from "@/lib/i18n/field-problems";
import { readPortalText } from "@/lib/i18n/portal-texts";
import { classifyQboxmail, classifyQboxmailCreate, PASSWORD_REFUSED } from "@/lib/upstream/qboxmail/classify";
import { judgeCreate } from "@/workers/processors/verdicts";
import { outcomesOf } from "../support/http-outcome";

const { answer } = outcomesOf({ method: "POST", path: "/api/domains", durationMs: 5 });

describe("a Qboxmail redirect", () => {
  for (const status of [301, 302, 303, 307, 308])
    it(`(${status}) is held for a person, saying the provider address redirects`, () => {
      const r = classifyQboxmailCreate(
        answer(status, "<html>Moved</html>", { location: "https://www.qboxmail.com/api/domains?x=1" }),
        "name",
        [],
      );
      expect(r).toMatchObject({
        kind: "auth",
        message: `Qboxmail answered with a redirect (HTTP ${status} to https://www.qboxmail.com/api/domains), which the portal does not follow: check the provider's API address in the portal's settings`,
      });
      expect(judgeCreate(r, true, "a.example.com").verdict).toMatchObject({ to: "held" });
      // A stored form the pages read back and word in the viewer's language, not as Qboxmail's words.
      expect(readPortalText((r as { message: string }).message)).toMatchObject({
        key: "redirectsTo",
        values: { provider: "Qboxmail", status: String(status), location: "https://www.qboxmail.com/api/domains" },
      });
    });

  it("without a Location, and to a read, is held the same way", () => {
    expect(classifyQboxmail(answer(302), { kind: "read", secrets: [] })).toMatchObject({
      kind: "auth",
      message: expect.stringContaining("a redirect (HTTP 302)"),
    });
  });
});

describe("a Qboxmail 422 on a password field", () => {
  const echoed = "'Secret-Pw-123' non è una password valida";

  it("stores a fixed text for the domain's postmaster pair and the manager's pair, never the description", () => {
    const domain = classifyQboxmail(
      answer(422, {
        message: "Validazione Fallita",
        errors: [
          { field: "postmaster_password", description: echoed },
          { field: "postmaster_password_confirmation", description: "doesn't match 'Secret-Pw-123'" },
          { field: "name", description: "is not valid" },
          { field: "password_expiration", description: "is not valid" },
        ],
      }),
      { kind: "write", keyField: "name", secrets: [] },
    );
    expect(domain).toMatchObject({
      kind: "rejected",
      fieldErrors: {
        postmaster_password: [PASSWORD_REFUSED],
        postmaster_password_confirmation: [PASSWORD_REFUSED],
        // Other fields keep Qboxmail's words.
        name: ["is not valid"],
        // A password policy field carries no password.
        password_expiration: ["is not valid"],
      },
    });
    const manager = classifyQboxmail(
      answer(422, {
        message: "Validation failed",
        errors: [
          { field: "password", description: echoed },
          { field: "password", description: "is too short" },
          { field: "password_confirmation", description: echoed },
        ],
      }),
      { kind: "write", keyField: "email_address", secrets: [] },
    );
    expect(manager).toMatchObject({
      kind: "rejected",
      fieldErrors: { password: [PASSWORD_REFUSED], password_confirmation: [PASSWORD_REFUSED] },
    });
    expect(JSON.stringify([domain, manager])).not.toContain("Secret-Pw-123");
    // The fixed text is the portal's, read back as its key (worded in the viewer's language), not
    // quoted as if Qboxmail had said it.
    expect(readProblem(PASSWORD_REFUSED)).toEqual({ key: "passwordRefused", values: {} });
  });
});
