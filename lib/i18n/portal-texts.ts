// Texts the portal itself writes into an order's record: event reasons, `last_error` and attempt
// messages (docs/i18n.md "Portal-written order texts"). They are stored in English, because the
// audit log, the API, the CSV exports and support's searches read the same words; each has a
// frozen stored form below, written by portalText() and read back by readPortalText() into its
// key and facts, so a page words it in the viewer's language (`portalTexts` in messages/).
// Upstream answers travel inside them as values (`error`) and stay as received.
//
// Never reword a stored form: rows written with it must still be read. A new wording is a new key.
// Plain TypeScript, no catalogue: the reseller's live order page reads them in the browser.

export const PORTAL_TEXTS = {
  // Event reasons
  resubmittedFrom: "Resubmitted from order {order}",
  resubmittedAs: "Resubmitted as order {order}",
  serverSucceeded: "Server order {order} succeeded",
  serverCancelled: "Server order {order} was cancelled",
  serverOrderReplaced: "Server order {old} was resubmitted as order {order}; this order now waits for that one",
  cancelledByReseller: "Cancelled by the reseller",
  cancelledThroughApi: "Cancelled through the API",
  retriedBySupport: "Retried by support",
  cancelledBySupport: "Cancelled by support",
  resolvedBySupport: "Marked resolved by support",
  changedBySupport: "Changed by support",
  // Releases of a lost attempt (lib/orders/relay.ts and the worker)
  workerLost: "The worker stopped or lost track of this attempt",
  workerFailed: "The worker failed while handling this attempt",
  workerStopping: "Released by a stopping worker",
  // A late result of a superseded attempt (workers/processors/attempt-steps.ts): the outcome and
  // HTTP status of its call, when it had one, and the attempt's own message (`error`), when any.
  // Older rows were written in these very words before they were keys, and read as them.
  superseded: "Superseded; result not applied ({outcome}, HTTP {status}). {error}",
  supersededQuiet: "Superseded; result not applied ({outcome}, HTTP {status}).",
  supersededNoAnswer: "Superseded; result not applied ({outcome}). {error}",
  supersededNoAnswerQuiet: "Superseded; result not applied ({outcome}).",
  // The same on an attempt a releaser had closed already: its message (`note`) comes first.
  supersededAfterRelease: "{note}; its call ended later: {error}",
  // The retry cap (lib/orders/retry-cap.ts, workers/processors)
  gaveUp: "Gave up after {attempts} failed attempts; nothing of this order was created upstream. Retry to try again.",
  gaveUpMayExist:
    "May exist upstream: gave up after {attempts} failed attempts, the final lookup did not finish. Check upstream, then mark resolved with its reference or retry.",
  gaveUpLastError: "Gave up after {attempts} failed attempts. Last error: {error}",
  finalLookupAbsent:
    "Gave up after {attempts} failed attempts; the final lookup found nothing named {name} upstream, so nothing was created. Retry to try again.",
  finalLookupAbsentAfterRefusal:
    "Gave up after {attempts} failed attempts; the last create was refused ({error}), and the final lookup found nothing named {name} upstream, so nothing was created. Correct what the refusal names, then retry.",
  lookupRefusedAfterCreate:
    "May exist upstream: the lookup of {name} after a create that may have gone through was refused ({error}). Check upstream, then mark resolved with its reference or retry.",
  createdInPart:
    "Created in part: {name} exists upstream as {ref}, but not all of it took ({differences}). Complete it upstream, then mark resolved with {ref}; or delete it there and retry.",
  setupFailedUpstream:
    "Created in part: {name} exists upstream as {ref}, but grommunio answered that its setup failed ({detail}). Check its store and home directory upstream, then mark resolved with {ref}; or delete it there and retry.",
  roleMissingUpstream:
    "Created in part: {name} exists upstream as {ref}, but the Domain Admin role the order asked for was not made. Create the role in grommunio's admin, then mark resolved with {ref}; or delete the domain there and retry.",
  saidToExistButAbsent:
    "May exist upstream: a create of {name} was answered that the name already exists ({error}), but after {attempts} failed attempts the final lookup found nothing. Check upstream, then mark resolved with its reference or retry.",
  finalLookupUnclear:
    "May exist upstream: after {attempts} failed attempts the final lookup of {name} could not tell ({error}). Check upstream, then mark resolved with its reference or retry.",
  // Ownership and adoption (lib/upstream/identity.ts, lib/orders/ownership.ts)
  nameTaken: "The name {name} already exists upstream and was not created by this order.",
  notMatching:
    "{name} exists upstream but does not match this order ({differences}), so it was not adopted. Check it by hand.",
  heldByOther:
    "{name} (upstream reference {ref}) already belongs to order {order}, so this order cannot take it. Check both orders.",
  heldByAnother:
    "{name} (upstream reference {ref}) already belongs to another order, so this order cannot take it. Check both orders.",
  heldByAdopted:
    "{name} (upstream reference {ref}) already belongs to a service support adopted from the provider, so this order cannot take it. Check that service.",
  heldByShared:
    "{name} (upstream reference {ref}) is a server the provider shares with resellers, so this order cannot take it. Order the server under another name.",
  createdBeforeOrder:
    "{name} exists upstream as {ref}, but it was created before this order's first create was sent, so it may be someone else's and was not adopted. Check it by hand: mark resolved with {ref} if it is this order's, otherwise cancel the order.",
  adopted: "Found upstream; adopted as this order's resource",
  creatingAfterLookup: "Not found upstream; creating it",
  // Stored data that no longer passes (workers/processors/load-order.ts, change-order.ts)
  storedOrderInvalid: "The stored order data no longer passes validation; edit and resubmit the order.",
  sealedDataUnusable: "The order's sealed data could not be used; edit and resubmit the order.",
  sealedPasswordUnusable:
    "The new password of this change could not be opened (sealed with a key the portal no longer has), so it could not be sent. Place the password change again from the service page.",
  storedInvalidButFound:
    "{name} exists upstream as {ref}, and a create of this order may have made it, but the order as stored can no longer be read (its data no longer passes validation, or its sealed data cannot be used), so it cannot be compared with it. Check it by hand: mark resolved with {ref} if it is this order's, otherwise cancel the order.",
  storedInvalidUnchecked:
    "A create of this order may have reached the upstream, and the order as stored can no longer be read (its data no longer passes validation, or its sealed data cannot be used). Looking it up failed ({error}); check upstream by hand.",
  storedChangeInvalid: "The stored change no longer passes validation; place it again.",
  storedChangeApplied:
    "Read back: the change has taken effect, though its stored data no longer passes validation; it was not sent again.",
  storedChangeUnchecked:
    "This change may have reached the upstream, and the order as stored can no longer be read (its data no longer passes validation, or its sealed data cannot be used), so it is not sent again. {error}; check upstream by hand, then mark the order resolved or cancel it.",
  passwordNotReadBack: "A new password cannot be read back",
  underWayUpstream: "Qboxmail shows it with the status {status}, perhaps applying this change now",
  noUpstreamRef: "The order has no upstream reference to change.",
  // A rename of a grommunio server refused by the worker's read (docs/lifecycle.md "Renaming a grommunio server")
  serverRenameNotEmpty:
    "Not renamed: grommunio has users or domains homed on this server (users: {users}, domains: {domains}, deleted domains included), and their stored paths may contain its host name, which a rename does not rewrite. Move or purge its domains and users first, then order the change again.",
  // A purge of a softly deleted grommunio domain that reads live again (docs/lifecycle.md "Purge")
  purgeRestoredDomain:
    "Not purged: grommunio shows this domain live again (status {status}), so its administrator restored it after it was deleted here, and it may hold mail someone uses. Adopt it from its drift finding, or ask grommunio's administrator.",
  // Changes read back (workers/processors/change-order.ts)
  readBackApplied: "Read back: the change has already taken effect",
  readBackNotApplied: "Read back: not applied yet; sending the change",
  resourceGone: "The resource no longer exists at the provider, so the change cannot be applied.",
  softDeletedUpstream:
    "grommunio has this domain deleted (kept, name taken), so nothing was sent: the change would bring it back. An administrator can restore it.",
  deletionQueued:
    "Qboxmail has queued the deletion and still lists the domain; it counts against the limit until a read-back no longer finds it.",
  purgeMayStillRun:
    "grommunio still has the domain, and the purge whose answer was lost may still be running: it is read back again before the purge is sent again.",
  statusSettling:
    "Qboxmail shows the status {status} while it applies a status change, perhaps the one whose answer was lost: it is read back again before the change is sent again.",
  changeSettling:
    "Qboxmail shows the status {status} while it applies a change, perhaps the one whose answer was lost, and the new values are not there yet: it is read back again before the change is sent again.",
  deletionStillListed:
    "Qboxmail accepted the deletion but still lists the domain; it is read back again until it is gone.",
  deletionNeverAccepted:
    "Qboxmail lists the domain with status {status}, but no DELETE of this order was ever answered as accepted: the status is not read as a queued deletion, and the DELETE is sent again.",
  deletionSentAgain:
    "Qboxmail still lists the domain with status {status} after the order was held and retried: the DELETE is sent again, and the wait starts anew.",
  // Begins as deletionQueuedTooLong does, so the hold is found by the same stored beginning.
  managerDeletionQueuedTooLong:
    "Qboxmail accepted the deletion {hours} hours ago and still lists the manager. Ask Qboxmail whether the deletion is stuck; once the manager is gone, mark this order resolved.",
  deletionQueuedTooLong:
    "Qboxmail accepted the deletion {hours} hours ago and still lists the domain (status {status}). Ask Qboxmail whether the deletion is stuck; once the domain is gone, mark this order resolved.",
  // One difference between the order and what the upstream reports (lib/upstream/identity.ts)
  difference: "{field}: {theirs} upstream, {ours} ordered",
  differenceMissing: "{field}: missing upstream, {ours} ordered",
  // The same, for what the reseller reads: the upstream's value is someone else's
  differenceWithheld: "{field}: {ours} ordered, a different value upstream",
  noFieldsUpstream: "the upstream answered without the resource's fields",
  // What our upstream clients write about an answer (lib/upstream): the provider's own words
  // (`detail`) and the system's (`error`) are values.
  deadlinePassed: "the attempt's deadline passed before sending",
  noAnswerWithin: "no answer within {ms} ms",
  noConnectionWithin: "no connection within {ms} ms",
  connectionFailed: "connection failed ({code})",
  connectionClosedCode: "connection closed without an answer ({code})",
  connectionClosed: "connection closed without an answer",
  unreachable: "{provider} unreachable: {error}",
  // A 3xx, never followed (lib/upstream/redirect.ts): the configured address is not the API's.
  redirectsTo:
    "{provider} answered with a redirect (HTTP {status} to {location}), which the portal does not follow: check the provider's API address in the portal's settings",
  redirects:
    "{provider} answered with a redirect (HTTP {status}), which the portal does not follow: check the provider's API address in the portal's settings",
  noAnswer: "{provider} gave no answer: {error}",
  rateLimited: "{provider} rate limit (429)",
  noLongerExists: "{provider} no longer has this resource (404)",
  qboxTokenRefused: "Qboxmail refused the API token (401)",
  qboxServerError: "Qboxmail server error ({status})",
  // A drift run's problems (lib/services/drift.ts, drift-inventory.ts), one per line of its message.
  driftWorkerEnded: "stopped before it finished: its worker ended",
  driftWentOn: "its worker went on all the same and finished it",
  driftTakenOver: "stopped: another worker took the run over",
  driftKindUnlisted: "{kind} could not be listed: {error}",
  driftServiceUnread: "{kind} {ref} could not be read: {error}",
  driftList404: "{kind}: the list answered 404 (not found) although {count} services are live",
  driftListTooLong: "the list is longer than {pages} pages",
  driftNotConfigured: "{provider} is not configured",
  driftPagesRepeat: "the list answers its first page for every page and fills it",
  driftOffsetsRepeat: "the list answers its first page for every offset",
  driftMoreProblems: "and {count} more problems",
  listChangedMaybeApplied:
    "{field} was changed at {provider} since this change was placed, and the change may have been applied before that: check the list at {provider}, then mark the order resolved or cancel it",
  listChangedSincePlaced:
    "{field} was changed at {provider} since this change was placed, and sending the change now would undo that: place it again from the service page",
  qboxRouteMissing:
    "Qboxmail has no such address ({status}): {detail}. Check the portal's Qboxmail API address and any web server in front of Qboxmail, then retry",
  requestTimeout: "{provider} did not receive the whole request in time (HTTP 408); it may have been applied",
  qboxAlreadyExists: "Qboxmail: {field} already exists (422)",
  qboxRejected: "Qboxmail rejected the request ({status})",
  qboxForbidden:
    "Qboxmail refused the request (403): the provider account may not do this (a right it lacks, its plan or billing, for instance a higher paid limit, or the account's state). Ask your provider to check the account.",
  // A refusal that names no field says it in Qboxmail's own words (`detail`, cleaned by
  // lib/upstream/provider-message.ts); a create's says what to do, a change's or a read's is plain.
  qboxRefusedOrder:
    "Qboxmail refused the order ({status}): {detail}. Correct what it names and use Edit and resubmit; if it names nothing you can change, contact support with the order number.",
  qboxRefusedOrderUnexplained:
    "Qboxmail refused the order ({status}) without a message the portal can show. Check the order's values and use Edit and resubmit; if it is refused again, contact support with the order number.",
  qboxRejectedSaying: "Qboxmail rejected the request ({status}): {detail}",
  qboxForbiddenSaying:
    "Qboxmail refused the request (403): the provider account may not do this (a right it lacks, its plan or billing, for instance a higher paid limit, or the account's state). Ask your provider to check the account. Qboxmail's words: {detail}",
  qboxNoCode: "Qboxmail answered {status} without a resource code",
  qboxCodesDiffer:
    "Qboxmail's answer names two codes ({location} in its Location header, {body} in its body): looking the name up",
  qboxNoResources: "Qboxmail list answer without resources",
  qboxNoResource: "Qboxmail answered without the resource",
  qboxListTooLong: "Qboxmail list longer than {pages} pages",
  qboxListRepeats: "Qboxmail list answers the same {count} items for every page, so the rest of it cannot be read",
  gromListTooLong: "grommunio list longer than {pages} pages",
  gromListRepeats:
    "grommunio answered its first page again at offset {offset} (it ignores the offset), so the list cannot be read to its end",
  gromLoginRefused: "grommunio login refused: {detail}",
  gromAccessDenied: "grommunio denied access: {detail}",
  gromDbUnavailable: "grommunio database not available (request refused before it ran)",
  gromFailedMayApply: "grommunio failed, the change may have been applied: {detail}",
  gromReadFailed: "grommunio could not answer the read: {detail}",
  gatewayNonJson: "HTTP {status} with a non-JSON body (gateway)",
  gromInvalid: "grommunio rejected the request as invalid ({detail})",
  gromNameExists: "grommunio reports the name exists (maybe from this order's earlier attempt): {detail}",
  gromRejected: "grommunio rejected the request: {detail}",
  gromHostnameTaken:
    "grommunio already has a server named {name} (host names are compared without case), so this server was not renamed: choose another host name and order the change again.",
  gromRejectedLookup: "grommunio rejected the lookup: {detail}",
  gromUnexpected400: "grommunio answered an unexpected 400, the change may have been applied: {detail}",
  gromRefused: "grommunio refused the request ({status}): {detail}",
  gromAccountRefused:
    "grommunio refused the portal's admin account ({status}): {detail}. Check that the account is active and has the SystemAdmin role in grommunio, then retry",
  gromRouteMissing:
    "grommunio has no such address ({status}): {detail}. Check the portal's grommunio API address and the web server in front of grommunio, then retry",
  gromLoginFailed: "grommunio login failed: {error}",
  gromNoTokens: "grommunio login answered without tokens",
  gromNoDomain: "grommunio answered without the domain",
  gromNoServer: "grommunio answered without the server",
  gromNoData: "grommunio answered a list without data",
  gromNoObject: "grommunio answered 200 without the object (update failed?)",
  gromNoId: "grommunio answered without an ID",
  // What a reseller reads in place of a text written for support (lib/i18n/reseller-wording.ts):
  // never stored, so these may be reworded; the reseller's pages read them back like the rest.
  resellerConnectionHeld:
    "On hold: support has to fix the portal's connection to {provider}. Nothing for you to do; the order continues once that is fixed.",
  resellerGaveUp:
    "Gave up after {attempts} failed attempts; nothing was created. Use Edit and resubmit to place it again.",
  resellerGaveUpRefused:
    "Gave up after {attempts} failed attempts; the provider refused the order ({error}), and nothing was created. Correct what it names with Edit and resubmit.",
  resellerChangeGaveUp:
    "Gave up after {attempts} failed attempts; nothing was changed. Open the service to order the change again.",
  resellerBeingChecked: "Support is checking whether the provider created it; the result will show here.",
  resellerChangeBeingChecked:
    "Support is checking whether the provider applied this change; the result will show here.",
  resellerCreatedInPart:
    "{name} was created at the provider, but not all of it took. Support is completing it; the result will show here.",
  resellerNameHeld: "{name} already belongs to another order or service at the provider, so this order cannot take it.",
  resellerNotMatching:
    "{name} exists upstream but does not match this order ({differences}), so it was not adopted. Choose another name and place the order again.",
  resellerDeletionSlow:
    "The provider accepted the deletion {hours} hours ago and still lists it. Support is asking the provider about it; the result will show here.",
} as const;

export type PortalTextKey = keyof typeof PORTAL_TEXTS;
export type PortalValues = Record<string, string | number>;

/** A value that is itself a text: a portal text, or else the upstream's (or system's) own words. */
const NESTED = new Set(["error", "detail", "note"]);
/** A value that is a list of differences, joined by "; ". */
const LISTS = new Set(["differences"]);
const NUMBERS = new Set(["attempts", "ms", "pages", "hours", "users", "domains", "count"]);
/** The providers' names, so "{provider} …" never takes more than the name. */
const PROVIDER = "(grommunio|Qboxmail)";

/** The stored English of `key` with `values` in place (what the audit log and the API keep). */
export function portalText(key: PortalTextKey, values: PortalValues = {}): string {
  return PORTAL_TEXTS[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** The most characters an order's `last_error`, its audit reasons and an attempt's note keep. */
const STORED_MAX = 500;

/**
 * `text` as an order or an attempt stores it: whole when it fits STORED_MAX. A longer portal text
 * has the words nested in it that are not the portal's (a provider's message, a system's error:
 * the quotes of `error`, `detail`, `note`, at any depth) shortened, the longest first, each ending
 * in "…", until it fits; its own words and facts stay whole, so it still reads back as its key
 * (a name of 200 characters inside `lookupRefusedAfterCreate` with a long Qboxmail message). Cut
 * in its fixed words instead, it would read as nothing the portal wrote, and the reseller would be
 * shown support's English as the provider's. Only a text the portal did not write, or one whose
 * own words and facts alone are too long, is cut at the end. Every writer of those columns cuts
 * here (workers/processors/write-outcome.ts, attempt-steps.ts).
 */
export function storedText(text: string): string {
  if (text.length <= STORED_MAX) return text;
  const words = readPortalText(text);
  if (words)
    for (let fitted = words, composed = text; ; ) {
      const quote = longestQuote(fitted);
      if (!quote) break;
      const chars = Array.from(quote.quote);
      // Cut by code points, counted in UTF-16 units as `length` is: one more for the "…".
      const keep = Math.max(1, chars.length - (composed.length - STORED_MAX) - 1);
      quote.quote = `${chars.slice(0, keep).join("").trimEnd() || chars[0]}…`;
      composed = composedText(fitted);
      if (composed.length <= STORED_MAX) return composed;
    }
  return cutAt(text, STORED_MAX);
}

/** The longest nested quote that can still be shortened, found in `words` (to be changed in place). */
function longestQuote(words: PortalWords): { quote: string } | undefined {
  let longest: { quote: string } | undefined;
  const visit = (w: PortalWords) => {
    for (const piece of Object.values(w.nested)) {
      if ("words" in piece) visit(piece.words);
      else if (Array.from(piece.quote).length > 2 && (!longest || piece.quote.length > longest.quote.length))
        longest = piece;
    }
  };
  visit(words);
  return longest;
}

/** The stored English of words read back (readPortalText), with what was changed in them. */
function composedText(words: PortalWords): string {
  const values: PortalValues = { ...words.values };
  for (const [name, piece] of Object.entries(words.nested))
    values[name] = "words" in piece ? composedText(piece.words) : piece.quote;
  for (const [name, list] of Object.entries(words.lists))
    values[name] = differenceList(list.map((p) => ("words" in p ? composedText(p.words) : p.quote)));
  return portalText(words.key, values);
}

/** `text` cut to at most `max` UTF-16 units, never inside a character outside the BMP. */
function cutAt(text: string, max: number): string {
  let out = "";
  for (const c of text) {
    if (out.length + c.length > max) break;
    out += c;
  }
  return out;
}

/** A list of differences as stored inside `notMatching` and support's resolve refusal. */
export function differenceList(differences: readonly string[]): string {
  return differences.join("; ");
}

/** A stored text read back: its key, plain facts, nested texts and lists. */
export type PortalWords = {
  key: PortalTextKey;
  values: PortalValues;
  /** Nested texts: read when the portal wrote them, else the words as received. */
  nested: Record<string, Piece>;
  lists: Record<string, Piece[]>;
};
export type Piece = { words: PortalWords } | { quote: string };

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// The last placeholder takes the rest, so a text cut at 500 characters inside an upstream's
// message still reads; earlier ones take as little as they can. The form with the most fixed
// words is tried first ("x: missing upstream, …" before "x: … upstream, …").
const PATTERNS = (Object.entries(PORTAL_TEXTS) as [PortalTextKey, string][])
  .map(([key, template]) => {
    const names: string[] = [];
    const parts = template.split(/\{(\w+)\}/);
    let source = "";
    parts.forEach((part, i) => {
      if (i % 2 === 0) source += literal(part);
      else {
        names.push(part);
        const last = i === parts.length - 2 && parts[i + 1] === "";
        source += NUMBERS.has(part) ? "(\\d+)" : part === "provider" ? PROVIDER : last ? "([\\s\\S]+)" : "([\\s\\S]+?)";
      }
    });
    return { key, names, re: new RegExp(`^${source}$`), fixed: template.replace(/\{\w+\}/g, "").length };
  })
  .sort((a, b) => b.fixed - a.fixed);

/** A stored text as its key and facts, or null when the portal did not write it (a person's or an upstream's words). */
export function readPortalText(text: string): PortalWords | null {
  for (const { key, names, re } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const words: PortalWords = { key, values: {}, nested: {}, lists: {} };
    names.forEach((name, i) => {
      const value = m[i + 1] ?? "";
      if (NESTED.has(name)) words.nested[name] = pieceOf(value);
      else if (LISTS.has(name)) words.lists[name] = readList(value);
      else words.values[name] = NUMBERS.has(name) ? Number(value) : value;
    });
    return words;
  }
  return null;
}

function pieceOf(text: string): Piece {
  const words = readPortalText(text);
  return words ? { words } : { quote: text };
}

/** "a: 1 upstream, 2 ordered; b: …" → one piece per difference (a field name starts each). */
export function readList(text: string): Piece[] {
  return text.split(/; (?=[A-Za-z_][\w]*: )/).map(pieceOf);
}
