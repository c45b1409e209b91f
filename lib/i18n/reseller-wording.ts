// What a reseller reads of a portal-written order text (docs/i18n.md "What a reseller reads").
// Some stored texts are written for support: they say to retry or mark resolved, to check the
// provider's console, the portal's settings or its admin account, or they name another order's
// upstream reference. A reseller can do none of that, and some of it is not theirs to read, so
// every reseller view (the order page and its status route, the order lists and their CSV, the
// resubmit form, the service page's order history and trail, the API's orders) shows a reseller
// key in their place, through resellerWording(). Support's console reads the stored text.
//
// The stored rows are not touched (lib/i18n/portal-texts.ts): the reseller's words are made when
// read, as English text the pages read back into a key like any stored form, and the API answers.
import { type Piece, type PortalTextKey, type PortalWords, portalText, readPortalText } from "./portal-texts";

type Target = { key: PortalTextKey; values?: Record<string, string> };
/** A text whose reseller wording depends on whether the order creates or changes (change, suspend, resume, delete). */
type ByAction = { create: Target; change: Target };

const connection = (provider?: string): Target => ({
  key: "resellerConnectionHeld",
  ...(provider ? { values: { provider } } : {}),
});
const gaveUp: ByAction = { create: { key: "resellerGaveUp" }, change: { key: "resellerChangeGaveUp" } };
const beingChecked: ByAction = {
  create: { key: "resellerBeingChecked" },
  change: { key: "resellerChangeBeingChecked" },
};
const createdInPart: Target = { key: "resellerCreatedInPart" };
const nameHeld: Target = { key: "resellerNameHeld" };
const deletionSlow: Target = { key: "resellerDeletionSlow" };

/**
 * The stored keys written for support, and what the reseller reads instead. The reseller keys
 * take only the facts that are the reseller's: the attempts, the order's own name, the hours, and
 * the provider's refusal of the reseller's own order (quoted in the stored text as well).
 * `provider` is filled in where the stored text names the provider only in its fixed words.
 */
const FOR_RESELLER: Partial<Record<PortalTextKey, Target | ByAction>> = {
  // The portal's own connection: credentials, the admin account's rights, the API address.
  gromAccountRefused: connection("grommunio"),
  gromRouteMissing: connection("grommunio"),
  gromAccessDenied: connection("grommunio"),
  gromLoginRefused: connection("grommunio"),
  qboxTokenRefused: connection("Qboxmail"),
  qboxRouteMissing: connection("Qboxmail"),
  redirectsTo: connection(),
  redirects: connection(),
  // The retry cap's stops: "Retry to try again" is support's button.
  gaveUp,
  finalLookupAbsent: gaveUp,
  finalLookupAbsentAfterRefusal: { key: "resellerGaveUpRefused" },
  // Held until support has looked at the provider: "check upstream, then mark resolved".
  gaveUpMayExist: beingChecked,
  listChangedMaybeApplied: beingChecked,
  finalLookupUnclear: beingChecked,
  saidToExistButAbsent: beingChecked,
  lookupRefusedAfterCreate: beingChecked,
  createdBeforeOrder: beingChecked,
  storedInvalidButFound: beingChecked,
  storedInvalidUnchecked: beingChecked,
  storedChangeUnchecked: { key: "resellerChangeBeingChecked" },
  createdInPart,
  setupFailedUpstream: createdInPart,
  roleMissingUpstream: createdInPart,
  // Another holder that may be another reseller's: neither it nor its upstream reference is named.
  heldByAnother: nameHeld,
  heldByAdopted: nameHeld,
  notMatching: { key: "resellerNotMatching" },
  deletionQueuedTooLong: deletionSlow,
  managerDeletionQueuedTooLong: deletionSlow,
};

function targetOf(key: PortalTextKey, action: string): Target | undefined {
  const entry = FOR_RESELLER[key];
  if (!entry || "key" in entry) return entry;
  return action === "create" ? entry.create : entry.change;
}

/** Whether the text, or a text nested in it, is one written for support. */
function forSupport(words: PortalWords): boolean {
  if (FOR_RESELLER[words.key]) return true;
  const pieces = [...Object.values(words.nested), ...Object.values(words.lists).flat()];
  return pieces.some((p) => "words" in p && forSupport(p.words));
}

function english(words: PortalWords, action: string): string {
  const values: Record<string, string | number> = { ...words.values };
  for (const [name, piece] of Object.entries(words.nested)) values[name] = pieceText(piece, action);
  for (const [name, list] of Object.entries(words.lists))
    values[name] = list.map((p) => pieceText(p, action)).join("; ");
  const target = targetOf(words.key, action);
  return target ? portalText(target.key, { ...target.values, ...values }) : portalText(words.key, values);
}

const pieceText = (piece: Piece, action: string): string =>
  "words" in piece ? english(piece.words, action) : piece.quote;

/** Whether `text` holds a text written for support, which a reseller reads reworded. */
export function writtenForSupport(text: string | null): boolean {
  const words = text === null ? null : readPortalText(text);
  return words !== null && forSupport(words);
}

/**
 * `text` (a last error, an event reason of the worker or the system, an attempt's note) as the
 * order's reseller reads it: the stored text itself unless it holds a text written for support.
 * `action` is the order's (create, change, suspend, resume, delete). A person's own reason is not
 * passed here: it is shown as written.
 */
export function resellerWording<T extends string | null>(text: T, action: string): T {
  const words = text === null ? null : readPortalText(text);
  return (words && forSupport(words) ? english(words, action) : text) as T;
}
