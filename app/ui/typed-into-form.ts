// For pages that refresh themselves (support's order page, the reseller's service page): while the
// person has typed into one of the page's forms, the page is left alone. A refresh would move the
// page under them, and on support's order page drop their words. A typed field is one whose value
// differs from the value the page gave it; a field React keeps in step with its state (a
// password with a show switch, a picker's search box) holds its text in that state, which a
// refresh keeps, and is not counted.

const TEXT_TYPES = new Set(["text", "search", "email", "url", "tel", "number", ""]);

/** Whether any text field of a form on the page holds something the person typed. */
export function typedIntoForm(): boolean {
  return [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("form textarea, form input")].some(
    (el) => (el instanceof HTMLTextAreaElement || TEXT_TYPES.has(el.type)) && el.value !== el.defaultValue,
  );
}
