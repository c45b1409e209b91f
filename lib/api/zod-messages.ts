// The reseller API's words for the checks no schema worded itself (docs/api.md "Errors"). The
// order and change forms word every check a browser can fail, but a JSON client can send what no
// form can: a number where text goes, an object where a list goes. zod would answer those in its
// own words ("Invalid input: expected string, received number"), which name a type but not the
// field's shape in JSON; these say what to send instead. A message a schema wrote always wins
// (a per-parse error map only fills in zod's defaults), and anything not listed here keeps zod's.
import type { z } from "zod";

type ErrorMap = z.core.$ZodErrorMap;
type Issue = Parameters<ErrorMap>[0];

/** What each JSON type is called in "Send … here". */
const EXPECTED: Record<string, string> = {
  string: "text (a JSON string)",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object of field names and values",
  array: "a list (a JSON array)",
};

function described(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "an object";
  if (typeof input === "string") return "text";
  if (typeof input === "boolean") return input ? "true" : "false";
  if (typeof input === "number") {
    if (Number.isNaN(input)) return "a value that is no number";
    return Number.isInteger(input) ? "a number" : "a number with a fraction";
  }
  return `a ${typeof input}`;
}

/** "at least 3 characters", "at most 10 entries", "1 or more", "less than 5". */
function bound(iss: Issue & { origin: string; inclusive?: boolean }, value: number | bigint, side: "min" | "max") {
  const n = String(value);
  if (iss.origin === "string") return `${side === "min" ? "at least" : "at most"} ${n} characters`;
  if (iss.origin === "array" || iss.origin === "set") return `${side === "min" ? "at least" : "at most"} ${n} entries`;
  if (iss.inclusive === false) return `${side === "min" ? "more than" : "less than"} ${n}`;
  return `${n} or ${side === "min" ? "more" : "less"}`;
}

function message(iss: Issue): string | undefined {
  switch (iss.code) {
    case "invalid_type": {
      const wanted = EXPECTED[iss.expected];
      if (!wanted) return undefined;
      if (iss.input === undefined) return `Send this field as ${wanted}: it is required.`;
      return `Send ${wanted} here, not ${described(iss.input)}.`;
    }
    case "too_small":
      if (iss.origin === "string" && Number(iss.minimum) === 1) return "Send a value that is not empty.";
      return `Send ${bound(iss, iss.minimum, "min")}.`;
    case "too_big":
      return `Send ${bound(iss, iss.maximum, "max")}.`;
    case "invalid_value":
      return `Send one of: ${iss.values.map((v) => JSON.stringify(v)).join(", ")}.`;
    case "invalid_format":
      if (iss.format === "email") return "Send an e-mail address, such as name@example.com.";
      return undefined;
    default:
      return undefined;
  }
}

const apiErrorMap: ErrorMap = (iss) => message(iss);

/** safeParse's options for a form sent through the reseller API. */
export const API_PARSE_OPTIONS: z.core.ParseContext<z.core.$ZodIssue> = { error: apiErrorMap };
