// Message texts follow the account's language (Italian ones have been seen, docs/upstream/qboxmail.md §5). Clients must not
// parse them; the simulator speaks English unless started with `language: "it"`.

export type Language = "en" | "it";
export type ErrorCode = "blank" | "invalid" | "mismatch" | "taken";

const TEXTS = {
  en: {
    blank: "can't be blank",
    invalid: "is not valid",
    mismatch: "doesn't match",
    taken: "already exists",
    validationFailed: "Validation failed",
    created: "resource created",
  },
  it: {
    blank: "non può essere vuoto",
    invalid: "non è un valore valido",
    mismatch: "non corrisponde",
    taken: "esiste già",
    validationFailed: "Validazione Fallita",
    created: "risorsa creata",
  },
} as const;

export const texts = (language: Language) => TEXTS[language];
