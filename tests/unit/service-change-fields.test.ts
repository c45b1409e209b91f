// The service page's change form offers exactly what a change may set: every field the change
// schema accepts has its control (the ActiveSync policy and a Qboxmail password on forms of their
// own), and no control sends a field the schema would drop without a word.
import { describe, expect, it } from "vitest";
import { changeFields, passwordChangeFields, policySections } from "@/lib/services/change-fields";
import { CHANGE_SCHEMAS, changeableFields } from "@/lib/services/change-kinds";

const KINDS = ["grommunio_domain", "grommunio_server", "qboxmail_domain", "qboxmail_manager"] as const;

describe("the change form's fields", () => {
  it.each(KINDS)("%s: one control per field the change accepts", (kind) => {
    const onForm = [...changeFields(kind), ...passwordChangeFields(kind)].map((f) => f.name);
    const accepted = [...changeableFields(kind)].filter((name) => name !== "syncPolicy");
    expect([...onForm].sort()).toEqual([...accepted].sort());
    for (const f of changeFields(kind)) expect(f.required).toBe(false);
  });

  it.each([
    ["qboxmail_domain", "postmaster_password", "postmaster_password_confirmation"],
    ["qboxmail_manager", "password", "password_confirmation"],
  ] as const)("%s: the password form asks for the pair, apart from the settings", (kind, password, confirmation) => {
    expect(passwordChangeFields(kind).map((f) => f.name)).toEqual([password, confirmation]);
    expect(passwordChangeFields(kind).every((f) => f.input === "password")).toBe(true);
    expect(changeFields(kind).some((f) => f.name === password)).toBe(false);
    const ok = CHANGE_SCHEMAS[kind].safeParse({ [password]: "New-Pass-2026", [confirmation]: "New-Pass-2026" });
    expect(ok.success).toBe(true);
    const differ = CHANGE_SCHEMAS[kind].safeParse({ [password]: "New-Pass-2026", [confirmation]: "New-Pass-2027" });
    expect(differ.error?.issues.map((i) => i.path.join("."))).toEqual([confirmation]);
  });

  it("grommunio kinds have no password form", () => {
    expect(passwordChangeFields("grommunio_domain")).toEqual([]);
    expect(passwordChangeFields("grommunio_server")).toEqual([]);
  });

  it("the grommunio policy form covers the policy the change accepts", () => {
    expect(changeableFields("grommunio_domain").has("syncPolicy")).toBe(true);
    const names = policySections().flatMap((s) => s.fields.map((f) => f.name));
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) expect(name.startsWith("syncPolicy.")).toBe(true);
  });
});
