// The reseller API's words for zod's own checks (lib/api/zod-messages.ts): each says what to send
// in JSON terms, and a message a schema wrote itself still wins.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { API_PARSE_OPTIONS } from "@/lib/api/zod-messages";

const said = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input, API_PARSE_OPTIONS);
  return r.success ? undefined : r.error.issues.map((i) => i.message);
};

describe("the API's words for zod's own checks", () => {
  it("names the JSON type to send and what came instead", () => {
    expect(said(z.string(), 42)).toEqual(["Send text (a JSON string) here, not a number."]);
    expect(said(z.array(z.string()), { a: 1 })).toEqual(["Send a list (a JSON array) here, not an object."]);
    expect(said(z.object({}), [1])).toEqual(["Send an object of field names and values here, not a list."]);
    expect(said(z.boolean(), "yes")).toEqual(["Send true or false here, not text."]);
    expect(said(z.number(), null)).toEqual(["Send a number here, not null."]);
    expect(said(z.number().int(), 1.5)).toEqual(["Send a whole number here, not a number with a fraction."]);
    expect(said(z.object({ a: z.string() }), {})).toEqual(["Send this field as text (a JSON string): it is required."]);
  });

  it("names the bounds and the values a field takes", () => {
    expect(said(z.string().min(1), "")).toEqual(["Send a value that is not empty."]);
    expect(said(z.string().max(3), "abcd")).toEqual(["Send at most 3 characters."]);
    expect(said(z.array(z.string()).min(2), ["a"])).toEqual(["Send at least 2 entries."]);
    expect(said(z.number().min(5), 4)).toEqual(["Send 5 or more."]);
    expect(said(z.number().lt(5), 5)).toEqual(["Send less than 5."]);
    expect(said(z.enum(["it", "en"]), "fr")).toEqual(['Send one of: "it", "en".']);
    expect(said(z.email(), "nobody")).toEqual(["Send an e-mail address, such as name@example.com."]);
  });

  it("leaves a message the schema wrote, and zod's own where it has nothing better", () => {
    expect(said(z.string({ error: "Enter the domain's name." }), 42)).toEqual(["Enter the domain's name."]);
    expect(said(z.string().min(1, "Enter a code."), "")).toEqual(["Enter a code."]);
    const defaults = z.number().multipleOf(5).safeParse(7).error?.issues[0]?.message;
    expect(said(z.number().multipleOf(5), 7)).toEqual([defaults]);
  });
});
