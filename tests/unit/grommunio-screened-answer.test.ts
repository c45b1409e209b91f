// grommunio's words never carry a secret of the call into an order's texts: a message, error or
// validator error that repeats the admin password or a token the call carried is dropped before
// the answer is classified, so the stored text falls back to the status.
import { describe, expect, it } from "vitest";
import { readPortalText } from "@/lib/i18n/portal-texts";
import { classifyGrommunio } from "@/lib/upstream/grommunio/classify";
import { screenedAnswer } from "@/lib/upstream/grommunio/screened-answer";
import { outcomesOf } from "../support/http-outcome";

const { answer, noAnswer } = outcomesOf({ method: "POST", path: "/api/v1/system/domains", durationMs: 5 });
// A quote and a backslash, which JSON writes escaped.
const PASSWORD = 'Adm1n-"S3cret\\!';
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJ1c3IiOiJhZG1pbiJ9.c2lnbmF0dXJl";
const secrets = [PASSWORD, JWT, "csrf-token-1234"];

describe("screenedAnswer", () => {
  it("drops a message that quotes the password, in any case or JSON-escaped, and keeps the rest of the body", () => {
    for (const message of [
      `Invalid value '${PASSWORD}'`,
      `invalid value '${PASSWORD.toLowerCase()}'`,
      `payload ${JSON.stringify({ pass: PASSWORD })}`,
    ]) {
      const screened = screenedAnswer(answer(409, { message, error: "Conflict", ID: 7 }), secrets);
      expect(screened).toMatchObject({ ok: true, status: 409, json: { error: "Conflict", ID: 7 } });
      // Neither the parsed body nor its text keeps it.
      expect(JSON.stringify(screened)).not.toContain("S3cret");
    }
  });

  it("drops an `error` that repeats the JWT, and only the validator errors that repeat a secret", () => {
    const screened = screenedAnswer(
      answer(400, {
        message: "Bad Request",
        error: `token ${JWT} expired`,
        errors: ["'x' is not of type 'integer' at /maxUser", `'${PASSWORD}' is not valid at /title`],
      }),
      secrets,
    );
    expect(screened.ok && screened.json).toEqual({
      message: "Bad Request",
      errors: ["'x' is not of type 'integer' at /maxUser"],
    });
  });

  it("leaves an answer that repeats nothing, a non-JSON answer and no answer as they came", () => {
    const plain = answer(400, { message: "Invalid homeserver" });
    expect(screenedAnswer(plain, secrets)).toBe(plain);
    const page = answer(502, "<html><body>Bad Gateway</body></html>");
    expect(screenedAnswer(page, secrets)).toBe(page);
    const lost = noAnswer("timeout", true);
    expect(screenedAnswer(lost, secrets)).toBe(lost);
  });
});

describe("classifyGrommunio of a screened answer", () => {
  it("words a refusal whose only message repeated the password by its status", () => {
    const screened = screenedAnswer(answer(409, { message: `Conflict for ${PASSWORD}` }), secrets);
    const failure = classifyGrommunio(screened, "create");
    expect(failure).toMatchObject({
      kind: "rejected",
      message: "grommunio refused the request (409): HTTP 409",
      fieldErrors: { _form: ["HTTP 409"] },
    });
  });

  it("keeps grommunio's words without line breaks or a right-to-left override", () => {
    const failure = classifyGrommunio(answer(409, { message: "Domain is locked\r\nfor now\u202e" }), "create");
    expect(failure).toMatchObject({
      kind: "rejected",
      message: "grommunio refused the request (409): Domain is locked for now",
    });
  });

  it("cuts grommunio's words, never the portal's own, so a long refusal still reads as the portal's text", () => {
    const errors = Array.from({ length: 40 }, (_, i) => `'x${i}' is not of type 'integer' at /maxUser`);
    const invalid = classifyGrommunio(answer(400, { message: "Bad Request", errors }), "create");
    expect(readPortalText(invalid!.message)?.key).toBe("gromInvalid");
    const host = `${"a".repeat(250)}.example`;
    const taken = classifyGrommunio(answer(400, { message: `Duplicate entry '${host}' for key 'hostname'` }), "update");
    expect(readPortalText(taken!.message)?.key).toBe("gromHostnameTaken");
  });
});
