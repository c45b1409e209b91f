// Maps grommunio's spec-validation texts onto our order-form field names, which are grommunio's
// own (domainname, maxUser, …, syncPolicy.<key>, hostname, extname). The upstream at the pinned
// version answers openapi-core exception class names ("InvalidSchemaValue", "CastError") that
// name no field; other versions print jsonschema messages or paths that do. So: find a field
// where the text names one, otherwise report the text under the form-level key.
import { addFieldError, type FieldErrors, FORM_KEY } from "@/lib/forms/field-errors";
import { requestFieldsOf } from "../allow-list";

export { FORM_KEY };

// The fields a grommunio message may name are the ones we send; createRole has no form field.
const FIELDS = [...requestFieldsOf("grommunio_domain"), ...requestFieldsOf("grommunio_server")].filter(
  (f) => f !== "createRole",
);

const EXPLANATIONS: Record<string, string> = {
  InvalidSchemaValue: "grommunio's API specification rejected a value in the request",
  CastError: "grommunio could not read a query parameter",
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

export function fieldsFromValidatorErrors(errors: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const text of errors) {
    const key = fieldIn(text) ?? FORM_KEY;
    const message = EXPLANATIONS[text] ?? text.slice(0, 300);
    addFieldError(out, key, message);
  }
  return out;
}
