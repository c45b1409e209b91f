// The server side of every form action: parse, run one lib/ call, turn its refusals into the
// form result, revalidate. Known domain errors carry text written for people; anything else is
// logged and shown generically, so no internals (SQL, stack, upstream bodies) reach a page.
import { revalidatePath } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { differencesIn, type PortalTranslate, portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { type LocalizeValue, localizeSentence, type SentenceKey, said } from "@/lib/i18n/sentences";
import { localizeMessage, type Translate } from "@/lib/i18n/validation";
import { parseOptionsFor } from "@/lib/i18n/zod-errors";
import { log } from "@/lib/log";
import { type FieldErrors, localizeFieldErrors } from "./field-errors";
import type { FormResult } from "./result";
import { UserFacingError } from "./user-facing-error";

type ErrorClass = abstract new (...args: never[]) => Error;

export function invalid(error: z.ZodError): FormResult<never> {
  const flat = z.flattenError(error);
  return { ok: false, fieldErrors: flat.fieldErrors as FieldErrors, formError: flat.formErrors[0] };
}

/**
 * Known refusals carry text for people (beside their field when they name one: `field`); anything
 * else is logged and shown generically, or in the
 * words `unexpected` names where a form owes the person more (placing an order: was it placed?).
 */
export function failure(
  err: unknown,
  known: readonly ErrorClass[] = [],
  unexpected: SentenceKey = "somethingWentWrong",
): FormResult<never> {
  // Next's notFound()/redirect() travel as errors with a digest: let them through.
  if (err && typeof err === "object" && "digest" in err) throw err;
  if (err instanceof Error && (err instanceof UserFacingError || known.some((k) => err instanceof k))) {
    // A refusal about one field (an e-mail address taken) is shown beside that field.
    const field = (err as { field?: unknown }).field;
    if (typeof field === "string") return { ok: false, fieldErrors: { [field]: [err.message] } };
    return { ok: false, fieldErrors: {}, formError: err.message };
  }
  log.error("form action failed", { error: err instanceof Error ? err.message : String(err) });
  return {
    ok: false,
    fieldErrors: {},
    formError: said(unexpected),
  };
}

/**
 * The whole body of a form action that is more than one formAction() call (it redirects on
 * success, or reads its refusal from what the lib/ call answered). Whatever the body throws
 * besides Next's redirect() and notFound() (the database away, a pool timeout, a race no lib/ code
 * classified) is answered as formAction() answers it: logged by failure(), and a refusal in the
 * person's language that the form shows with everything typed still in it, never Next's error
 * page, which speaks English and drops the form (docs/i18n.md "A failure nobody foresaw").
 */
export async function guardFormAction<T>(
  body: () => Promise<FormResult<T>>,
  unexpected?: SentenceKey,
): Promise<FormResult<T>> {
  try {
    return await body();
  } catch (err) {
    const refused = failure(err, [], unexpected);
    // The person's language is read with their session (i18n/request.ts falls back to the
    // browser's when that read fails too); should translating fail all the same, the English
    // sentence is still an answer in the form.
    return forPerson(refused).catch(() => refused);
  }
}

export type FormActionOptions<I, R, D> = {
  /** Error classes whose message is meant for the person at the form, besides UserFacingError. */
  known?: readonly ErrorClass[];
  /** revalidatePath's arguments after a success. */
  revalidate: Parameters<typeof revalidatePath>;
  /** The success text the form shows. */
  message: string | ((result: R, input: I) => string);
  /** What of the lib call's result the browser may see; nothing unless given. */
  data?: (result: R) => D;
};

/** safeParse's options at a form: zod's own messages in the person's language (the API keeps English). */
export async function parseOptionsForPerson() {
  return parseOptionsFor(await getLocale());
}

/**
 * The translators a form's messages need (next-intl's `validation` and `sentences` namespaces, and
 * `portalTexts` for what the portal wrote on an order that a sentence quotes).
 */
export type FormTranslators = {
  validation: Translate;
  sentences: (key: SentenceKey, values?: Values) => string;
  portalTexts?: PortalTranslate;
};
type Values = Record<string, string | number>;

/** A sentence from lib/ (validation message or said()) in the language `t` speaks. */
function sentenceIn(message: string, t: FormTranslators): string {
  return localizeSentence(localizeMessage(message, t.validation), t.sentences, valuesIn(t));
}

/**
 * A sentence's values the portal wrote: support's resolve refusal lists the differences it found,
 * and a refused or failed call quotes the client's classified text ("Qboxmail rejected the
 * request (422)…"), which is worded in the person's language too; an upstream's own words stay.
 */
function valuesIn(t: FormTranslators): LocalizeValue | undefined {
  const portal = t.portalTexts;
  if (!portal) return undefined;
  return (name, value) => {
    if (typeof value !== "string") return value;
    if (name === "differences") return differencesIn(value, portal);
    return name === "message" ? portalTextIn(value, portal) : value;
  };
}

/** A form result in the language `t` speaks: what forPerson() does, given the translators. */
export function resultIn<T extends FormResult<unknown>>(result: T, t: FormTranslators): T {
  if (result.ok) return result.message ? { ...result, message: sentenceIn(result.message, t) } : result;
  return {
    ...result,
    // A field's message is either a validation message (v()) or a sentence from lib/ (said()).
    fieldErrors: Object.fromEntries(
      Object.entries(localizeFieldErrors(result.fieldErrors, t.validation)).map(([field, messages]) => [
        field,
        messages?.map((m) => localizeSentence(m, t.sentences, valuesIn(t))),
      ]),
    ),
    formError: result.formError && sentenceIn(result.formError, t),
  };
}

async function personTranslators(): Promise<FormTranslators> {
  const [validation, sentences, portalTexts] = await Promise.all([
    getTranslations("validation"),
    getTranslations("sentences"),
    getTranslations("portalTexts"),
  ]);
  return { validation, sentences, portalTexts };
}

/** A sentence from lib/ (validation message or said()) in the language of the person at the form. */
export async function sentenceForPerson(message: string): Promise<string> {
  return sentenceIn(message, await personTranslators());
}

/** A form result in the language of the person at the form (lib/i18n/validation.ts, sentences.ts). */
export async function forPerson<T extends FormResult<unknown>>(result: T): Promise<T> {
  return resultIn(result, await personTranslators());
}

/** Parse `input` with `schema`, run `run`, and answer with the one form result. */
export async function formAction<S extends z.ZodType, R, D = undefined>(
  schema: S,
  input: unknown,
  run: (data: z.output<S>) => Promise<R>,
  options: FormActionOptions<z.output<S>, R, D>,
): Promise<FormResult<D>> {
  const parsed = schema.safeParse(input, await parseOptionsForPerson());
  if (!parsed.success) return forPerson(invalid(parsed.error));
  let result: R;
  try {
    result = await run(parsed.data);
  } catch (err) {
    // Refused because the record changed since the page was drawn: the page is drawn again, so it
    // holds the new version (its hidden field) while the boxes keep what was typed.
    if ((err as { refreshPage?: unknown } | null)?.refreshPage === true) revalidatePath(...options.revalidate);
    return forPerson(failure(err, options.known));
  }
  revalidatePath(...options.revalidate);
  const message = typeof options.message === "function" ? options.message(result, parsed.data) : options.message;
  // Without a `data` selector D is undefined: nothing of the lib call's result is sent.
  return { ok: true, message, data: (options.data ? options.data(result) : undefined) as D };
}

/** The named fields of a submitted form, absent ones as undefined (so zod reports them). */
export function formFields(fd: FormData, names: readonly string[]): Record<string, FormDataEntryValue | undefined> {
  return Object.fromEntries(names.map((n) => [n, fd.get(n) ?? undefined]));
}
