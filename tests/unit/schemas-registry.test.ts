// The registry every other part codes against: the four kinds, their form metadata matching
// their schemas, FormData handling, and no Node-only imports (the form imports these modules).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  fieldErrorsOf,
  formDataToInput,
  isOrderKind,
  ORDER_KINDS,
  orderKinds,
  parseOrderForm,
} from "@/lib/orders/schemas";
import { PLAN_GATED_FIELDS } from "@/lib/orders/schemas/qboxmail-plans";

const REQUIRED_EXAMPLES: Record<string, Record<string, unknown>> = {
  qboxmail_domain: {
    name: "example.com",
    postmaster_password: "Plumtree-123",
    postmaster_password_confirmation: "Plumtree-123",
  },
  qboxmail_manager: {
    email_address: "m@example.com",
    firstname: "M",
    lastname: "N",
    password: "Plumtree-123",
    password_confirmation: "Plumtree-123",
  },
  grommunio_domain: { domainname: "example.com" },
  grommunio_server: { hostname: "mx1.example.com", extname: "mail.example.com" },
};

describe("orderKinds", () => {
  it("has one entry per Prisma OrderKind, each naming itself", () => {
    expect(ORDER_KINDS.sort()).toEqual(["grommunio_domain", "grommunio_server", "qboxmail_domain", "qboxmail_manager"]);
    for (const kind of ORDER_KINDS) expect(orderKinds[kind].kind).toBe(kind);
    expect(isOrderKind("qboxmail_domain")).toBe(true);
    expect(isOrderKind("toString")).toBe(false);
  });

  it("describes only fields the form schema knows, and its defaults pass validation", () => {
    for (const kind of ORDER_KINDS) {
      const def = orderKinds[kind];
      const names = def.fieldSections.flatMap((s) => s.fields.map((f) => f.name));
      expect(new Set(names).size, kind).toBe(names.length);
      const r = parseOrderForm(kind, { ...def.defaults, ...REQUIRED_EXAMPLES[kind] });
      expect(r, kind).toMatchObject({ ok: true });
      // Every described field reaches the schema: an invalid value on it yields an error on that name.
      for (const name of names) {
        const [head, key] = name.split(".");
        const bad = key ? { [head!]: { [key]: { nested: true } } } : { [name]: { nested: true } };
        const errors = parseOrderForm(kind, { ...REQUIRED_EXAMPLES[kind], ...bad });
        expect(errors.ok ? {} : errors.fieldErrors, `${kind}.${name}`).toHaveProperty([name]);
      }
    }
  });

  // Postgres cannot store U+0000, not even inside jsonb: a control character let into a payload
  // would fail the order's insert instead of telling the reseller what to fix.
  it("refuses control characters in every text, list and password field, saying so", () => {
    const CONTROL = "Remove the invisible control characters or broken characters (they may come from copy and paste)";
    for (const kind of ORDER_KINDS) {
      const fields = orderKinds[kind].fieldSections.flatMap((s) => s.fields);
      // A confirmation is checked with its password (both typed alike).
      const typedFields = fields.filter(
        (f) => ["text", "list", "password"].includes(f.input) && !f.name.endsWith("_confirmation"),
      );
      expect(typedFields.length, kind).toBeGreaterThan(0);
      for (const f of typedFields) {
        const [head, key] = f.name.split(".");
        for (const typed of ["a\u0000b", "tab\there", "\u001b[31m", "half \ud83d", "\udc00 half"]) {
          const value = f.input === "password" ? `Plumtree-123${typed}` : typed;
          const bad = key ? { [head!]: { [key]: value } } : { [f.name]: value };
          const input = { ...REQUIRED_EXAMPLES[kind], ...bad };
          if (f.input === "password") input[`${f.name}_confirmation`] = value;
          const r = parseOrderForm(kind, input);
          expect(r.ok, `${kind}.${f.name} ${JSON.stringify(typed)}`).toBe(false);
          if (r.ok) continue;
          // Fields with a format of their own (a domain name, a date) may say that instead.
          const said = r.fieldErrors[f.name] ?? [];
          expect(said.length, `${kind}.${f.name}`).toBeGreaterThan(0);
          if (f.input === "password" || ["company", "city", "title", "firstname", "tel"].includes(f.name))
            expect(said, `${kind}.${f.name}`).toContain(CONTROL);
        }
      }
    }
  });

  it("reports an over-long text as too long, not also as holding control characters", () => {
    const r = parseOrderForm("grommunio_domain", {
      ...REQUIRED_EXAMPLES.grommunio_domain,
      title: `${"x".repeat(200)}\u0000`,
    });
    expect(r.ok ? {} : r.fieldErrors.title).toEqual(["Use at most 128 characters"]);
  });

  it("stores payloads that the worker's re-parse leaves unchanged", () => {
    const extra: Record<string, Record<string, unknown>> = {
      qboxmail_domain: { name: "münchen.de", plan: "enterprise", chat: true, allow_nets: "10.0.0.0/8" },
      grommunio_domain: { domainname: "münchen.de", homeserver: 3, endDay: "2030-01-01" },
    };
    for (const kind of ORDER_KINDS) {
      const def = orderKinds[kind];
      const r = parseOrderForm(kind, { ...def.defaults, ...REQUIRED_EXAMPLES[kind], ...extra[kind] });
      if (!r.ok) throw new Error(`${kind}: ${JSON.stringify(r.fieldErrors)}`);
      const stored = JSON.parse(JSON.stringify(r.payload)); // as it comes back from the Json column
      expect(def.payloadSchema.parse(stored), kind).toEqual(r.payload);
      for (const secret of Object.values(r.secrets)) expect(JSON.stringify(stored), kind).not.toContain(secret);
    }
  });

  it("marks plan-gated Qboxmail fields with the plans of the seed", () => {
    const fields = orderKinds.qboxmail_domain.fieldSections.flatMap((s) => s.fields);
    const gated = Object.fromEntries(fields.filter((f) => f.plans).map((f) => [f.name, f.plans]));
    expect(gated).toEqual(PLAN_GATED_FIELDS);
  });

  it("declares which split-off secrets each kind has", () => {
    expect(orderKinds.qboxmail_domain.secretFields).toEqual(["postmaster_password"]);
    expect(orderKinds.qboxmail_manager.secretFields).toEqual(["password"]);
    expect(orderKinds.grommunio_domain.secretFields).toEqual([]);
  });
});

describe("formDataToInput", () => {
  it("reads unticked checkboxes as false, lists from a textarea, numbers as strings", () => {
    const fd = new FormData();
    fd.set("name", "example.com");
    fd.set("postmaster_password", "Plumtree-123");
    fd.set("postmaster_password_confirmation", "Plumtree-123");
    fd.set("plan", "professional");
    fd.append("activesync", "false"); // hidden input before the checkbox …
    fd.append("activesync", "on"); // … and the ticked box: the last value wins
    fd.set("allow_nets", "192.0.2.1\n10.0.0.0/8");
    fd.set("max_email_accounts", "25");
    const input = formDataToInput("qboxmail_domain", fd);
    expect(input).toMatchObject({
      activesync: "on",
      imap_disabled: false,
      catch_all_enabled: false,
      allow_nets: "192.0.2.1\n10.0.0.0/8",
    });
    const r = parseOrderForm("qboxmail_domain", input);
    expect(r).toMatchObject({
      ok: true,
      payload: {
        activesync: true,
        imap_disabled: false,
        max_email_accounts: 25,
        allow_nets: ["192.0.2.1", "10.0.0.0/8"],
      },
    });
  });

  it("builds syncPolicy only when the form rendered policy fields", () => {
    const fd = new FormData();
    fd.set("domainname", "example.com");
    fd.set("maxUser", "3");
    expect(formDataToInput("grommunio_domain", fd)).not.toHaveProperty("syncPolicy");
    fd.set("syncPolicy.maxdevpwfailedattempts", "20");
    fd.set("syncPolicy.allowwifi", "on");
    const input = formDataToInput("grommunio_domain", fd);
    expect(input.syncPolicy).toMatchObject({ maxdevpwfailedattempts: "20", allowwifi: "on", allowcam: false });
    const r = parseOrderForm("grommunio_domain", input);
    expect(r).toMatchObject({
      ok: false,
      fieldErrors: { "syncPolicy.maxdevpwfailedattempts": ["Use a whole number from 4 to 16"] },
    });
  });
});

describe("fieldErrorsOf", () => {
  it("keys nested errors by dotted path and keeps form-level errors apart", () => {
    const r = orderKinds.grommunio_domain.formSchema.safeParse({
      domainname: "x",
      maxUser: 1,
      syncPolicy: { allowwifi: 9 },
    });
    expect(r.success).toBe(false);
    const { fieldErrors } = fieldErrorsOf(r.error!);
    expect(Object.keys(fieldErrors).sort()).toEqual(["domainname", "syncPolicy.allowwifi"]);
    const top = orderKinds.grommunio_server.formSchema.safeParse("not an object");
    expect(fieldErrorsOf(top.error!).formErrors).toHaveLength(1);
  });
});

describe("browser safety", () => {
  it("imports nothing Node-only in lib/orders/schemas and lib/format", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    for (const dir of ["lib/orders/schemas", "lib/format"]) {
      for (const file of fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith(".ts"))) {
        const source = fs.readFileSync(path.join(root, dir, file), "utf8");
        const imports = [...source.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);
        for (const spec of imports) {
          expect(
            /^(node:|fs$|path$|crypto$|punycode$|@\/lib\/(db|env|generated))/.test(spec),
            `${dir}/${file} imports ${spec}`,
          ).toBe(false);
        }
      }
    }
  });
});
