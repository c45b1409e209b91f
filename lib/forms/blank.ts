// How a form's or the API's text becomes "not given": the same for every field builder
// (lib/orders/schemas/form-input.ts) and the e-mail address (email-address.ts).

/** "" or only spaces → undefined (the field is left out); anything else as it is. */
export function blankToUndefined(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}

/** Trimmed; "" and JSON null mean "not given" for a text field. */
export function trimString(value: unknown): unknown {
  if (value === null) return undefined;
  return typeof value === "string" ? blankToUndefined(value.trim()) : value;
}
