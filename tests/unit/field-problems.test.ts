// The problems by field of a refused order: grommunio's answers map to keys the pages word in the
// viewer's language; the English the API and older rows carry stays exactly as it was; the
// provider's own words are kept as received (docs/i18n.md "Problems by field").
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import {
  FIELD_PROBLEMS,
  type FieldProblemKey,
  fieldProblemsAsText,
  fieldProblemsInEnglish,
  problemInEnglish,
  readFieldProblems,
  readProblem,
} from "@/lib/i18n/field-problems";
import { classifyGrommunio } from "@/lib/upstream/grommunio/classify";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";
import { outcomesOf } from "../support/http-outcome";

const { answer } = outcomesOf({ method: "POST", path: "/api/v1/system/domains", durationMs: 5 });
const problems = (body: unknown) => {
  const r = classifyGrommunio(answer(400, body), "create");
  if (r?.kind !== "rejected") throw new Error(`not rejected: ${JSON.stringify(r)}`);
  return r.fieldErrors;
};
const KEYS = Object.keys(FIELD_PROBLEMS) as FieldProblemKey[];
const SAMPLE = { name: "a_b.com", field: "foo" };

describe("grommunio's answers as keyed field problems", () => {
  it("maps each endpoint refusal the client knows to its key and values", () => {
    expect(problems({ message: "Invalid homeserver" })).toEqual({ homeserver: [{ key: "noServerWithId" }] });
    expect(problems({ message: "'a_b.com' is not a valid domain name" })).toEqual({
      domainname: [{ key: "notADomainName", values: { name: "a_b.com" } }],
    });
    expect(problems({ message: "Missing required property maxUser" })).toEqual({ maxUser: [{ key: "required" }] });
    expect(problems({ message: "Unknown attribute 'foo'" })).toEqual({
      _form: [{ key: "unknownField", values: { field: "foo" } }],
    });
    expect(problems({ message: "Attribute 'ID' is read only" })).toEqual({ ID: [{ key: "readOnly" }] });
    expect(problems({ message: "Missing data" })).toEqual({ _form: [{ key: "unreadableRequest" }] });
    expect(problems({ message: "Cannot delete server with users or domains" })).toEqual({
      _form: [{ key: "serverNotEmpty" }],
    });
    expect(problems({ message: "Bad Request", errors: ["CastError", "CastError"] })).toEqual({
      _form: [{ key: "queryUnreadable" }],
    });
  });

  it("keeps the validator's own texts, and a refusal no key matches, as received", () => {
    expect(problems({ message: "Bad Request", errors: ["'x' is not of type 'integer' at /maxUser"] })).toEqual({
      maxUser: ["'x' is not of type 'integer' at /maxUser"],
    });
    // (A create's 404 is the unknown route, held as the portal's address to fix: not a refusal.)
    const r = classifyGrommunio(answer(410, { message: "Resource gone" }), "create");
    expect(r?.kind === "rejected" && r.fieldErrors).toEqual({ _form: ["Resource gone"] });
  });
});

describe("stored field problems", () => {
  it("say in English exactly what the API and the audit log said before keys were stored", () => {
    expect(
      fieldProblemsInEnglish({
        homeserver: [{ key: "noServerWithId" }],
        domainname: [{ key: "notADomainName", values: { name: "a_b.com" } }],
        _form: [{ key: "specRejected" }, "raw words"],
      }),
    ).toEqual({
      homeserver: ["grommunio has no server with this ID"],
      domainname: ['grommunio does not accept "a_b.com" as a domain name'],
      _form: ["grommunio's API specification rejected a value in the request", "raw words"],
    });
    expect(fieldProblemsInEnglish(null)).toBeNull();
  });

  it("read an older row's English back into its key, and anything else as the provider's words", () => {
    for (const key of KEYS) {
      const english = problemInEnglish({ key, values: SAMPLE });
      const read = readProblem(english);
      expect(read, key).toMatchObject({ key });
      expect(problemInEnglish({ key: read && "key" in read ? read.key : key, values: SAMPLE }), key).toBe(english);
    }
    expect(readProblem("can't be blank")).toEqual({ quote: "can't be blank" });
    expect(readProblem('grommunio does not accept "x.y" as a domain name')).toEqual({
      key: "notADomainName",
      values: { name: "x.y" },
    });
  });

  it("drop what is not a problem (a malformed row), keep strings and known keys", () => {
    expect(
      readFieldProblems({ a: ["ok", 3, { key: "nope" }, { key: "required", values: { x: 1, y: "s" } }], b: "one" }),
    ).toEqual({ a: ["ok", { key: "required", values: { y: "s" } }], b: ["one"] });
    expect(readFieldProblems(["x"])).toEqual({});
    expect(readFieldProblems(null)).toEqual({});
  });

  it("have every key in every catalogue, English as the API says it, and German and Italian words of their own", () => {
    const catalogues = { en, it: it_, de } as Record<string, { fieldProblems: Record<string, string> }>;
    for (const [lang, messages] of Object.entries(catalogues)) {
      expect(Object.keys(messages.fieldProblems).sort(), lang).toEqual([...KEYS].sort());
    }
    const english = createTranslator({ locale: "en", messages: en, namespace: "fieldProblems" });
    for (const key of KEYS) expect(english(key, SAMPLE), key).toBe(problemInEnglish({ key, values: SAMPLE }));
    for (const messages of [de, it_] as (typeof en)[]) {
      const other = createTranslator({ locale: "de", messages, namespace: "fieldProblems" });
      for (const key of KEYS) expect(other(key, SAMPLE), key).not.toBe(english(key, SAMPLE));
    }
  });

  it("word a form's problems in the viewer's language, the provider's words quoted after its label", () => {
    const german = createTranslator({ locale: "de", messages: de as typeof en, namespace: "fieldProblems" });
    expect(
      fieldProblemsAsText(
        { domainname: [{ key: "notADomainName", values: { name: "a_b.com" } }], _form: ["is not valid"] },
        german,
        "Meldung von grommunio:",
      ),
    ).toEqual({
      domainname: ["grommunio akzeptiert „a_b.com“ nicht als Domainnamen"],
      _form: ["Meldung von grommunio: “is not valid”"],
    });
  });
});
