// Maps grommunio's spec-validation texts onto our order-form field names, which are grommunio's
// own (domainname, maxUser, …, syncPolicy.<key>, hostname, extname). The upstream at the pinned
// version answers openapi-core exception class names ("InvalidSchemaValue", "CastError") that
// name no field; other versions print jsonschema messages or paths that do. So: find a field
// where the text names one, otherwise report the text under the form-level key. The two class
// names get the portal's own words (stored as keys, docs/i18n.md "Problems by field"); any other
// text is the validator's, kept as received.
import { FORM_KEY } from "@/lib/forms/field-errors";
import { addFieldProblem, type FieldProblem, type FieldProblems, fieldProblem } from "@/lib/i18n/field-problems";
import { requestFieldsOf } from "../allow-list";

export { FORM_KEY };

// The fields a grommunio message may name are the ones we send; createRole has no form field.
const FIELDS = [...requestFieldsOf("grommunio_domain"), ...requestFieldsOf("grommunio_server")].filter(
  (f) => f !== "createRole",
);

const EXPLANATIONS: Record<string, FieldProblem> = {
  InvalidSchemaValue: fieldProblem("specRejected"),
  CastError: fieldProblem("queryUnreadable"),
};

function fieldIn(text: string): string | undefined {
  // A path such as "/syncPolicy/allowwifi", "syncPolicy.allowwifi" or "['syncPolicy']['allowwifi']".
  const policy = /syncPolicy['"\]]*[./[]+['"]?(\w+)/.exec(text);
  if (policy) return `syncPolicy.${policy[1]}`;
  for (const field of FIELDS) {
    if (new RegExp(`(^|[^\\w])${field}([^\\w]|$)`).test(text)) return field;
  }
  return undefined;
}

export function fieldsFromValidatorErrors(errors: string[]): FieldProblems {
  const out: FieldProblems = {};
  for (const text of errors) {
    const key = fieldIn(text) ?? FORM_KEY;
    addFieldProblem(out, key, Object.hasOwn(EXPLANATIONS, text) ? EXPLANATIONS[text]! : text.slice(0, 300));
  }
  return out;
}
