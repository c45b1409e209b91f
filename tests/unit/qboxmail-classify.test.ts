// Classification of Qboxmail answers (docs/design.md invariant 4): the worker's retry and lookup logic
// trusts these kinds, so each documented status maps to exactly one.
import { describe, expect, it } from "vitest";
import { classifyQboxmail, classifyQboxmailCreate, PASSWORD_REFUSED } from "@/lib/upstream/qboxmail/classify";
import { outcomesOf } from "../support/http-outcome";

const { answer, noAnswer } = outcomesOf({ method: "POST", path: "/api/domains", durationMs: 12 });
const write = { kind: "write", keyField: "name", secrets: [] } as const;
const invalid = (...fields: string[]) => ({
  message: "Validation failed",
  errors: fields.map((field) => ({ field, description: "is not valid" })),
});

describe("classifyQboxmail", () => {
  it("passes 2xx through as no failure", () => {
    expect(classifyQboxmail(answer(201, { resource_code: "D123456789" }), write)).toBeNull();
    expect(classifyQboxmail(answer(204), { kind: "write", secrets: [] })).toBeNull();
  });

  it("maps a 422 to rejected with every field error under its field", () => {
    const r = classifyQboxmail(
      answer(422, {
        message: "Validation failed",
        errors: [
          { field: "postmaster_password_confirmation", description: "doesn't match" },
          { field: "chat", description: "is not valid" },
          { field: "chat", description: "can't be blank" },
        ],
      }),
      write,
    );
    expect(r).toMatchObject({
      kind: "rejected",
      // A password field's description is never stored (it could repeat the password).
      fieldErrors: { postmaster_password_confirmation: [PASSWORD_REFUSED], chat: ["is not valid", "can't be blank"] },
    });
  });

  it("on a change, a status or a check, puts only the fields the request sent under their names, quoting the others with the message", () => {
    // Qboxmail's 422 template names `name` on every route: a suspend sends only `status`.
    const status = classifyQboxmail(answer(422, invalid("name")), {
      kind: "write",
      sentFields: ["status"],
      secrets: [],
    });
    expect(status).toMatchObject({
      kind: "rejected",
      fieldErrors: {},
      message: "Qboxmail rejected the request (422): Validation failed: name is not valid",
      answer: { message: "Validation failed: name is not valid" },
    });
    // A change sent `max_accounts`: that one is the person's to correct, `name` is quoted.
    const change = classifyQboxmail(answer(422, invalid("max_accounts", "name")), {
      kind: "write",
      sentFields: ["max_accounts"],
      secrets: [],
    });
    expect(change).toMatchObject({
      kind: "rejected",
      fieldErrors: { max_accounts: ["is not valid"] },
      message: "Qboxmail rejected the request (422): Validation failed: name is not valid",
    });
    expect(change?.kind === "rejected" && change.fieldErrors).not.toHaveProperty("name");
    // A delete sends nothing, and a message-less 422 still says what Qboxmail named.
    const gone = classifyQboxmail(answer(422, { errors: [{ field: "name", description: "is not valid" }] }), {
      kind: "write",
      sentFields: [],
      secrets: [],
    });
    expect(gone).toMatchObject({ message: "Qboxmail rejected the request (422): name is not valid", fieldErrors: {} });
  });

  it("keeps Italian descriptions and never reads the message text", () => {
    const r = classifyQboxmail(
      answer(422, {
        message: "Validazione Fallita",
        errors: [{ field: "max_email_quota", description: "non è un valore valido" }],
      }),
      write,
    );
    expect(r).toMatchObject({ kind: "rejected", fieldErrors: { max_email_quota: ["non è un valore valido"] } });
  });

  it("treats 'already exists' on the natural key as unknown (maybe our own earlier create), in English or Italian", () => {
    const en = answer(422, {
      message: "Validation failed",
      errors: [{ field: "name", description: "already exists" }],
    });
    const it_ = answer(422, {
      message: "Validazione Fallita",
      errors: [
        { field: "name", description: "esiste già" },
        { field: "chat", description: "non è un valore valido" },
      ],
    });
    expect(classifyQboxmail(en, write)).toMatchObject({ kind: "unknown", duplicate: true });
    expect(classifyQboxmail(it_, write)).toMatchObject({ kind: "unknown", duplicate: true });
    const manager = answer(422, {
      message: "Validation failed",
      errors: [{ field: "email_address", description: "already exists" }],
    });
    expect(classifyQboxmail(manager, { kind: "write", keyField: "email_address", secrets: [] })?.kind).toBe("unknown");
  });

  it("reads other wordings of 'already exists' on the natural key as the duplicate too", () => {
    for (const description of ["already exists.", "is already taken", "Already in use", "risulta già registrato"]) {
      const r = classifyQboxmail(answer(422, { message: "x", errors: [{ field: "name", description }] }), write);
      expect(r, description).toMatchObject({ kind: "unknown", duplicate: true });
    }
    const other = answer(422, { message: "x", errors: [{ field: "name", description: "is not valid" }] });
    expect(classifyQboxmail(other, write)?.kind).toBe("rejected");
  });

  it("rejects 'already exists' on a field that is not the natural key", () => {
    const r = classifyQboxmail(
      answer(422, { message: "x", errors: [{ field: "catch_all_destination", description: "already exists" }] }),
      write,
    );
    expect(r?.kind).toBe("rejected");
  });

  it("maps 400, 403, a 404 to a change to rejected and 401 to auth", () => {
    expect(classifyQboxmail(answer(400, { message: "Bad request", errors: [] }), write)).toMatchObject({
      kind: "rejected",
      fieldErrors: {},
    });
    // A 403 names no field: the message says it is the provider account, and who can fix it.
    const forbidden = classifyQboxmail(answer(403, { message: "Forbidden", errors: [] }), write);
    expect(forbidden?.kind).toBe("rejected");
    expect(forbidden?.message).toMatch(/^Qboxmail refused the request \(403\): the provider account may not do this/);
    expect(forbidden?.message).toContain("Ask your provider");
    // A 404 to a change or a delete names the resource; to a create, see below.
    const change = { kind: "write", secrets: [] } as const;
    expect(classifyQboxmail(answer(404, { message: "Not found", errors: [] }), change)?.kind).toBe("rejected");
    expect(classifyQboxmail(answer(401, { message: "Unauthorized", errors: [] }), write)?.kind).toBe("auth");
    expect(classifyQboxmail(answer(401, { error: "Unauthorized" }), { kind: "read", secrets: [] })?.kind).toBe("auth");
  });

  it("holds a create answered 404 or 405, a route the portal has wrong, for a person instead of failing the order", () => {
    expect(classifyQboxmailCreate(answer(404, "<html>Not Found</html>"), "email_address", [])).toMatchObject({
      kind: "auth",
      message:
        "Qboxmail has no such address (404): HTTP 404 with a non-JSON body (gateway). Check the portal's Qboxmail API address and any web server in front of Qboxmail, then retry",
    });
    expect(classifyQboxmailCreate(answer(405, { message: "Method Not Allowed" }), "name", [])).toMatchObject({
      kind: "auth",
      message: expect.stringContaining("(405): Method Not Allowed."),
    });
    // A 404 to anything else is about the resource it names, as before.
    expect(classifyQboxmail(answer(404, { message: "Not found" }), { kind: "write", secrets: [] })?.kind).toBe(
      "rejected",
    );
  });

  it("takes a 408 from the web server in front as no refusal: a write is looked up, a read retried", () => {
    const page = "<html><head><title>408 Request Time-out</title></head></html>";
    expect(classifyQboxmail(answer(408, page), write)).toMatchObject({
      kind: "unknown",
      message: "Qboxmail did not receive the whole request in time (HTTP 408); it may have been applied",
    });
    expect(classifyQboxmail(answer(408, page), { kind: "read", secrets: [] })?.kind).toBe("transient");
  });

  it("keeps a 503's Retry-After on a read (transient), never on a write (unknown: it may have committed)", () => {
    const busy = answer(503, undefined, { "retry-after": "12" });
    expect(classifyQboxmail(busy, { kind: "read", secrets: [] })).toMatchObject({
      kind: "transient",
      retryAfterMs: 12_000,
    });
    expect(classifyQboxmail(busy, write)).toMatchObject({ kind: "unknown" });
    expect(classifyQboxmail(answer(500, undefined), { kind: "read", secrets: [] })).not.toHaveProperty("retryAfterMs");
  });

  it("maps 429 to transient with Retry-After in seconds or as an HTTP date", () => {
    const now = Date.parse("2026-11-25T12:00:00Z");
    expect(classifyQboxmail(answer(429, undefined, { "retry-after": "7" }), write, now)).toMatchObject({
      kind: "transient",
      retryAfterMs: 7000,
    });
    const dated = answer(429, undefined, { "retry-after": "Wed, 25 Nov 2026 12:00:30 GMT" });
    expect(classifyQboxmail(dated, write, now)).toMatchObject({ kind: "transient", retryAfterMs: 30_000 });
    const bare = classifyQboxmail(answer(429), write, now);
    expect(bare?.kind).toBe("transient");
    expect(bare).not.toHaveProperty("retryAfterMs");
  });

  it("maps 5xx and gateway HTML to unknown for writes, transient for reads", () => {
    for (const status of [500, 502, 503, 504]) {
      expect(classifyQboxmail(answer(status), write)?.kind).toBe("unknown");
      expect(classifyQboxmail(answer(status), { kind: "read", secrets: [] })?.kind).toBe("transient");
    }
  });

  it("maps a refused connection to transient and a timeout or reset after sending to unknown", () => {
    expect(classifyQboxmail(noAnswer("refused", false), write)?.kind).toBe("transient");
    expect(classifyQboxmail(noAnswer("timeout", true), write)?.kind).toBe("unknown");
    expect(classifyQboxmail(noAnswer("reset", true), write)?.kind).toBe("unknown");
    expect(classifyQboxmail(noAnswer("timeout", true), { kind: "read", secrets: [] })?.kind).toBe("transient");
  });
});

describe("classifyQboxmailCreate", () => {
  it("takes the code from resource_code", () => {
    const r = classifyQboxmailCreate(
      answer(
        201,
        { message: "risorsa creata", resource_code: "D072048005" },
        { location: "https://api.qboxmail.com/domains/D072048005" },
      ),
      "name",
      [],
    );
    expect(r).toMatchObject({
      kind: "success",
      ref: "D072048005",
      data: { location: "https://api.qboxmail.com/domains/D072048005" },
    });
  });

  it("falls back to the last segment of Location", () => {
    const r = classifyQboxmailCreate(
      answer(201, { message: "ok" }, { location: "https://api.qboxmail.com/managers/MN12345678/" }),
      "email_address",
      [],
    );
    expect(r).toMatchObject({ kind: "success", ref: "MN12345678" });
  });

  it("takes a numeric resource_code as its digits (codes are opaque), and an empty 201 body's code from Location", () => {
    expect(classifyQboxmailCreate(answer(201, { resource_code: 72048005 }), "name", [])).toMatchObject({
      kind: "success",
      ref: "72048005",
    });
    expect(
      classifyQboxmailCreate(answer(201, undefined, { location: "/api/domains/D000000042" }), "name", []),
    ).toMatchObject({ kind: "success", ref: "D000000042" });
  });

  it("calls a create whose Location and body name different codes unknown: the lookup by name decides", () => {
    // The reference's own example answers two creates with two Location codes and one body code.
    const r = classifyQboxmailCreate(
      answer(201, { resource_code: "D477048238" }, { location: "https://api.qboxmail.com/domains/D072048005" }),
      "name",
      [],
    );
    expect(r).toMatchObject({ kind: "unknown", message: expect.stringContaining("D072048005") });
    // A Location with a broken escape names nothing; the body's code stands.
    expect(
      classifyQboxmailCreate(answer(201, { resource_code: "D1" }, { location: "/api/domains/%E0%A4%A" }), "name", []),
    ).toMatchObject({ kind: "success", ref: "D1" });
  });

  it("calls a 2xx without any code unknown, so the worker looks the resource up", () => {
    expect(classifyQboxmailCreate(answer(201, { message: "ok" }), "name", []).kind).toBe("unknown");
    // A Location naming the collection posted to names no resource: the body's code, else the lookup.
    for (const location of ["/api/domains", "https://api.qboxmail.com/api/managers/", "/api/", "/DOMAINS"])
      expect(classifyQboxmailCreate(answer(201, { message: "ok" }, { location }), "name", []).kind).toBe("unknown");
    expect(
      classifyQboxmailCreate(answer(201, { resource_code: "D000000007" }, { location: "/api/domains" }), "name", []),
    ).toMatchObject({ kind: "success", ref: "D000000007" });
  });

  it("never puts field values in the message", () => {
    const r = classifyQboxmailCreate(answer(422, invalid("postmaster_password")), "name", []);
    expect(r.kind === "rejected" && r.message).toBe("Qboxmail rejected the request (422)");
  });
});
