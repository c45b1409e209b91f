// The service page's change form offers exactly what a change may set: every field the change
// schema accepts has its control (the ActiveSync policy on its own form), and no control sends a
// field the schema would drop without a word.
import { describe, expect, it } from "vitest";
import { changeFields, policySections } from "@/lib/services/change-fields";
import { changeableFields } from "@/lib/services/change-kinds";

const KINDS = ["grommunio_domain", "grommunio_server", "qboxmail_domain", "qboxmail_manager"] as const;

describe("the change form's fields", () => {
  it.each(KINDS)("%s: one control per field the change accepts", (kind) => {
    const onForm = changeFields(kind).map((f) => f.name);
    const accepted = [...changeableFields(kind)].filter((name) => name !== "syncPolicy");
    expect([...onForm].sort()).toEqual([...accepted].sort());
    for (const f of changeFields(kind)) expect(f.required).toBe(false);
  });

  it("the grommunio policy form covers the policy the change accepts", () => {
    expect(changeableFields("grommunio_domain").has("syncPolicy")).toBe(true);
    const names = policySections().flatMap((s) => s.fields.map((f) => f.name));
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) expect(name.startsWith("syncPolicy.")).toBe(true);
  });
});
