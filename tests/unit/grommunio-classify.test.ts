// The grommunio half of docs/design.md invariant 4: every answer the contract documents lands in the
// class the worker's retry / lookup logic expects.
import { describe, expect, it } from "vitest";
import { classifyGrommunio } from "@/lib/upstream/grommunio/classify";
import { outcomesOf } from "../support/http-outcome";

const { answer, noAnswer } = outcomesOf({
  method: "POST",
  path: "/api/v1/system/domains?createRole=false",
  durationMs: 5,
});

describe("classifyGrommunio", () => {
  it("treats 2xx as success", () => {
    expect(classifyGrommunio(answer(201, { ID: 1 }), "create")).toBeNull();
    expect(classifyGrommunio(answer(200, { data: [], count: 0 }), "read")).toBeNull();
  });

  it("rejects spec validation errors, mapping a named field and putting opaque texts under _form", () => {
    const opaque = classifyGrommunio(answer(400, { message: "Bad Request", errors: ["InvalidSchemaValue"] }), "create");
    // The class name is worded by the portal (a key); the validator's own texts stay as received.
    expect(opaque).toMatchObject({ kind: "rejected", fieldErrors: { _form: [{ key: "specRejected" }] } });
    const named = classifyGrommunio(
      answer(400, {
        message: "Bad Request",
        errors: ["'x' is not of type 'integer' at /maxUser", "3 is not one of [0, 1] at /syncPolicy/allowwifi"],
      }),
      "create",
    );
    expect(named).toMatchObject({
      kind: "rejected",
      fieldErrors: {
        maxUser: ["'x' is not of type 'integer' at /maxUser"],
        "syncPolicy.allowwifi": ["3 is not one of [0, 1] at /syncPolicy/allowwifi"],
      },
    });
  });

  it("rejects the endpoint's pre-insert errors on the field they concern", () => {
    const cases: Array<[unknown, string]> = [
      [{ message: "Invalid homeserver" }, "homeserver"],
      [{ message: "'München.de' is not a valid domain name" }, "domainname"],
      [{ message: "Missing required property maxUser" }, "maxUser"],
      [{ message: "Unknown attribute 'foo'" }, "_form"],
      [
        { message: "Object violates database constraints", error: "Field 'extname' doesn't have a default value" },
        "extname",
      ],
      [{ message: "Object violates database constraints (Column 'domainname' cannot be null)" }, "domainname"],
      [{ message: "Missing data" }, "_form"],
    ];
    for (const [body, field] of cases) {
      const result = classifyGrommunio(answer(400, body), "create");
      expect(result?.kind).toBe("rejected");
      expect(result?.kind === "rejected" && Object.keys(result.fieldErrors)).toEqual([field]);
    }
  });

  it("treats a duplicate (400, never 409) as unknown so the worker looks the name up first", () => {
    const domain = classifyGrommunio(
      answer(400, {
        message: "Object violates database constraints (Duplicate entry 'example.com' for key 'domainname')",
      }),
      "create",
    );
    const server = classifyGrommunio(
      answer(400, {
        message: "Object violates database constraints",
        error: "Duplicate entry 'mx1' for key 'hostname'",
      }),
      "create",
    );
    expect(domain).toMatchObject({ kind: "unknown", duplicate: true });
    expect(server).toMatchObject({ kind: "unknown", duplicate: true });
    // Newer MariaDB names the key with its table.
    const prefixed = classifyGrommunio(
      answer(400, {
        message: "Object violates database constraints",
        error: "Duplicate entry 'a.com' for key 'domains.domainname'",
      }),
      "create",
    );
    expect(prefixed).toMatchObject({ kind: "unknown", duplicate: true });
  });

  it("does not read the admin role's constraint errors as the domain refused: the domain may be committed", () => {
    const roleKey = classifyGrommunio(
      answer(400, {
        message: "Object violates database constraints (Duplicate entry 'Domain Admin (7/a.com)' for key 'name')",
      }),
      "create",
    );
    expect(roleKey).toMatchObject({ kind: "unknown" });
    expect(roleKey).not.toHaveProperty("duplicate");
    const roleColumn = classifyGrommunio(
      answer(400, { message: "Object violates database constraints (Column 'description' cannot be null)" }),
      "create",
    );
    expect(roleColumn).toMatchObject({ kind: "unknown" });
    // The domain's own column is refused before the insert.
    const own = classifyGrommunio(
      answer(400, { message: "Object violates database constraints (Column 'domainname' cannot be null)" }),
      "create",
    );
    expect(own).toMatchObject({ kind: "rejected", fieldErrors: { domainname: [{ key: "required" }] } });
    // MariaDB names the database's column: the problem lands on the form's field.
    const dbName = classifyGrommunio(
      answer(400, { message: "Object violates database constraints", error: "Column 'max_user' cannot be null" }),
      "create",
    );
    expect(dbName).toMatchObject({ kind: "rejected", fieldErrors: { maxUser: [{ key: "required" }] } });
  });

  it("treats any other 400 on a write as unknown (docs/upstream/grommunio.md §6), but as rejected on a read", () => {
    // Not a duplicate: grommunio may have committed the domain before the role failed.
    const role = classifyGrommunio(answer(400, { message: "Object violates database constraints (role)" }), "create");
    expect(role?.kind).toBe("unknown");
    expect(role).not.toHaveProperty("duplicate");
    expect(classifyGrommunio(answer(400, { message: "something odd" }), "read")?.kind).toBe("rejected");
  });

  it("rejects every 400 to an update (PATCH): grommunio refused it before the commit, so nothing is looked up", () => {
    const chat = classifyGrommunio(answer(400, { message: "Cannot activate chat for deactivated domain" }), "update");
    expect(chat).toMatchObject({ kind: "rejected", fieldErrors: { chat: [{ key: "chatNeedsActiveDomain" }] } });
    const mount = classifyGrommunio(
      answer(400, { message: "Cannot change homeserver with explicitly mounted home-directories" }),
      "update",
    );
    expect(mount).toMatchObject({ kind: "rejected" });
    const duplicate = classifyGrommunio(
      answer(400, { message: "Could not update: invalid data", error: "Duplicate entry 'a' for key 'hostname'" }),
      "update",
    );
    // A duplicate host name says so, on the field to fix (docs/lifecycle.md "Renaming a grommunio server").
    expect(duplicate).toMatchObject({
      kind: "rejected",
      message:
        "grommunio already has a server named a (host names are compared without case), so this server was not renamed: choose another host name and order the change again.",
      fieldErrors: { hostname: [{ key: "hostnameTaken", values: { name: "a" } }] },
    });
    expect(duplicate).not.toHaveProperty("duplicate");
    const tableNamed = classifyGrommunio(
      answer(400, {
        message: "Could not update: invalid data",
        error: "Duplicate entry 'MX2.b' for key 'servers.hostname'",
      }),
      "update",
    );
    expect(tableNamed).toMatchObject({ kind: "rejected", fieldErrors: { hostname: [{ values: { name: "MX2.b" } }] } });
    // A 5xx may still follow a commit: unknown, read back.
    expect(classifyGrommunio(answer(503, { message: "Database error." }), "update")).toMatchObject({ kind: "unknown" });
  });

  it("holds 403 and 405 to any call as auth: the portal's account or its configuration, never the order", () => {
    // The permission check answers 403 when the admin account lacks a right or was deactivated;
    // its token stays valid for days, so failing would fail every order meanwhile.
    for (const kind of ["create", "read", "update", "delete"] as const) {
      expect(
        classifyGrommunio(answer(403, { message: "Access denied: Account deactivated" }), kind),
        kind,
      ).toMatchObject({
        kind: "auth",
        message:
          "grommunio refused the portal's admin account (403): Access denied: Account deactivated. Check that the account is active and has the SystemAdmin role in grommunio, then retry",
      });
      expect(
        classifyGrommunio(answer(403, { message: "Access denied: Insufficient permissions for this operation" }), kind)
          ?.kind,
        kind,
      ).toBe("auth");
      expect(
        classifyGrommunio(answer(405, { message: "Method 'PUT' not allowed on this endpoint" }), kind),
      ).toMatchObject({
        kind: "auth",
        message: expect.stringMatching(/^grommunio refused the portal's admin account \(405\)/),
      });
    }
    // The web server's own page: its status, not its HTML.
    expect(classifyGrommunio(answer(405, "<html>405 Not Allowed</html>"), "delete")).toMatchObject({
      kind: "auth",
      message:
        "grommunio refused the portal's admin account (405): HTTP 405 with a non-JSON body (gateway). Check that the account is active and has the SystemAdmin role in grommunio, then retry",
    });
  });

  it("rejects any other 4xx, and a 404 to anything but a create", () => {
    for (const status of [409, 410, 418])
      expect(classifyGrommunio(answer(status, { message: "x" }), "create")?.kind).toBe("rejected");
    for (const kind of ["update", "delete"] as const)
      expect(classifyGrommunio(answer(404, { message: "Domain not found" }), kind)?.kind).toBe("rejected");
  });

  it("holds a create answered 404, grommunio's unknown route or a gateway's page, as the portal's address to fix", () => {
    expect(classifyGrommunio(answer(404, { message: "Resource not found" }), "create")).toMatchObject({
      kind: "auth",
      message:
        "grommunio has no such address (404): Resource not found. Check the portal's grommunio API address and the web server in front of grommunio, then retry",
    });
    expect(classifyGrommunio(answer(404, "<html><body>404 Not Found</body></html>"), "create")).toMatchObject({
      kind: "auth",
      message: expect.stringContaining("(404): HTTP 404 with a non-JSON body (gateway)."),
    });
  });

  it("is transient for 429 with Retry-After, 503 'Database not available.' and a refused connection", () => {
    expect(classifyGrommunio(answer(429, {}, { "retry-after": "7" }), "create")).toMatchObject({
      kind: "transient",
      retryAfterMs: 7000,
    });
    expect(classifyGrommunio(answer(503, { message: "Database not available." }), "create")?.kind).toBe("transient");
    expect(classifyGrommunio(noAnswer("refused", false), "create")?.kind).toBe("transient");
  });

  it("is unknown for anything that may have been applied", () => {
    expect(classifyGrommunio(answer(503, { message: "Database error." }), "create")?.kind).toBe("unknown");
    expect(
      classifyGrommunio(
        answer(500, { message: "The server encountered an error while processing the request." }),
        "create",
      )?.kind,
    ).toBe("unknown");
    expect(classifyGrommunio(answer(502, "<html><title>502 Bad Gateway</title></html>"), "create")?.kind).toBe(
      "unknown",
    );
    expect(classifyGrommunio(answer(504, "<html>504</html>"), "create")?.kind).toBe("unknown");
    expect(classifyGrommunio(noAnswer("timeout", true), "create")?.kind).toBe("unknown");
    expect(classifyGrommunio(noAnswer("reset", true), "create")?.kind).toBe("unknown");
  });

  it("takes a 408 from the web server in front as no refusal: a write is looked up, a read or the login retried", () => {
    const page = "<html><head><title>408 Request Time-out</title></head></html>";
    for (const kind of ["create", "update", "delete"] as const)
      expect(classifyGrommunio(answer(408, page), kind)).toMatchObject({
        kind: "unknown",
        message: "grommunio did not receive the whole request in time (HTTP 408); it may have been applied",
      });
    for (const kind of ["read", "login"] as const)
      expect(classifyGrommunio(answer(408, page), kind)?.kind).toBe("transient");
  });

  it("is transient for a 5xx to a read, which has nothing to commit, waiting as its Retry-After asks", () => {
    const r = classifyGrommunio(answer(503, "<html>503</html>", { "retry-after": "30" }), "read");
    expect(r).toMatchObject({ kind: "transient", retryAfterMs: 30_000 });
    expect(r?.message).not.toMatch(/may have been applied/);
    expect(classifyGrommunio(answer(500, { message: "Database error." }), "read")?.kind).toBe("transient");
  });

  it("is auth for a refused login and for a 401 that survived a fresh login", () => {
    expect(
      classifyGrommunio(answer(401, { message: "Login failed", error: "Invalid username or password" }), "login")?.kind,
    ).toBe("auth");
    expect(classifyGrommunio(answer(400, { message: "Incomplete login form" }), "login")?.kind).toBe("auth");
    expect(
      classifyGrommunio(answer(401, { message: "Access denied", error: "Token has expired" }), "create")?.kind,
    ).toBe("auth");
  });

  it("never copies an HTML body into the message", () => {
    const r = classifyGrommunio(answer(502, "<html><body>secret-ish upstream page</body></html>"), "create");
    expect(r?.message).not.toContain("<html>");
  });
});
