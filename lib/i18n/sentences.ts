// Sentences written in lib/ for a person (a refusal, an action's answer) in that person's
// language, while the API and the logs keep English (docs/i18n.md "Sentences from lib/"). The same
// idea as v() for validation: `said("findingClosed")` returns the English text of
// `sentences.findingClosed` in messages/en.json and remembers which key and values made it; at the
// form's boundary localizeSentence() turns the text back into its key and translates it.
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";

type Values = Record<string, string | number>;
/** A sentence's key: a typo fails the type check. */
export type SentenceKey = keyof (typeof en)["sentences"];
type Translate = (key: SentenceKey, values?: Values) => string;

const english = createTranslator({ locale: "en", messages: en, namespace: "sentences" });
// Sentences can carry names (a domain, a customer), so the memory is bounded: the oldest are
// forgotten first, and a forgotten sentence is simply shown in English.
// Sentences without values are kept for good (a module may make one once, at load).
const LIMIT = 5000;
const fixed = new Map<string, SentenceKey>();
const made = new Map<string, { key: SentenceKey; values?: Values }>();

/** The English text of sentence `key`, remembered for translation at the form. */
export function said(key: SentenceKey, values?: Values): string {
  const text = english(key, values);
  if (!values || Object.keys(values).length === 0) {
    fixed.set(text, key);
    return text;
  }
  made.delete(text);
  made.set(text, { key, values });
  if (made.size > LIMIT) {
    const oldest = made.keys().next().value;
    if (oldest !== undefined) made.delete(oldest);
  }
  return text;
}

// Two or more sentences said one after the other, by the text they make together.
const joined = new Map<string, string[]>();

/** Sentences made by said() as one text, each translated on its own at the form. */
export function saidTogether(...sentences: string[]): string {
  const text = sentences.join(" ");
  joined.delete(text);
  joined.set(text, sentences);
  if (joined.size > LIMIT) {
    const oldest = joined.keys().next().value;
    if (oldest !== undefined) joined.delete(oldest);
  }
  return text;
}

/** A value of a sentence in the person's language (a list of differences the portal wrote), or as it is. */
export type LocalizeValue = (name: string, value: string | number) => string | number;

/** One sentence in the language `translate` speaks (a translator of the `sentences` namespace). */
export function localizeSentence(message: string, translate: Translate, localizeValue?: LocalizeValue): string {
  const parts = joined.get(message);
  if (parts) return parts.map((p) => localizeSentence(p, translate, localizeValue)).join(" ");
  const key = fixed.get(message);
  if (key) return translate(key);
  const entry = made.get(message);
  if (!entry) return message;
  const values =
    entry.values && localizeValue
      ? Object.fromEntries(Object.entries(entry.values).map(([name, v]) => [name, localizeValue(name, v)]))
      : entry.values;
  return translate(entry.key, values);
}
