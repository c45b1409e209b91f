// An e-mail address field, for every form and the API alike: trimmed, "" (or JSON null) as not
// given, the domain of an internationalised address ("info@münchen.de") turned into the IDNA ASCII
// that mail systems take, and zod's address check with internationalised top-level domains. In
// lib/forms, below customers and orders, because both ask for addresses (docs/maintenance.md
// "Folder layering").
import { z } from "zod";
import { v } from "@/lib/i18n/validation";
import { trimString } from "./blank";
import { toIdnaAscii } from "./idna";

const EMAIL_HINT = v("emailSuchAs");
// The part before "@" as RFC 5322 writes an address without quotes (a "dot-atom": letters, digits
// and !#$%&'*+/=?^_`{|}~- in runs joined by single dots, so "sales&info@", "user=eu@" and
// "o'neil@" are addresses), at most 64 characters (RFC 5321, checked with its own message below);
// after it a host name's labels, each 1 to 63 letters, digits and inner hyphens (no label starts
// or ends with one), and a top-level domain of letters or an internationalised one ("xn--p1ai",
// .рф). zod's own pattern refused common addresses; a looser one let through addresses a
// provider refuses after the order was accepted ("x@shop-.com").
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const EMAIL_PATTERN = new RegExp(
  `^${ATEXT}+(?:\\.${ATEXT}+)*@(?:${LABEL}\\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}[A-Za-z0-9])$`,
);
const LOCAL_MAX = 64;
const emailCore = z.email({ error: EMAIL_HINT, pattern: EMAIL_PATTERN }).max(254, v("tooLong", { max: 254 }));

/**
 * An address on an internationalised domain ("info@münchen.de") in the form mail systems take,
 * its domain in IDNA ASCII ("info@xn--mnchen-3ya.de"); an address whose domain is not a valid
 * IDNA name is left for the e-mail check to refuse. The part before "@" stays as typed: an
 * address whose local part is not ASCII is refused with its own message (emailAsciiLocal).
 */
function withAsciiDomain(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const at = value.lastIndexOf("@");
  if (at < 1) return value;
  const domain = value.slice(at + 1);
  if (!/\P{ASCII}/u.test(domain)) return value;
  const idna = toIdnaAscii(domain.toLowerCase(), { maxLength: 253 });
  return idna.ok ? `${value.slice(0, at)}@${idna.ascii}` : value;
}

const emailOf = <T extends z.ZodType>(core: T) =>
  z.preprocess(
    (raw) => withAsciiDomain(trimString(raw)),
    z
      .unknown()
      .superRefine((value, ctx) => {
        if (typeof value !== "string") return;
        const local = value.slice(0, Math.max(0, value.lastIndexOf("@")));
        if (/\P{ASCII}/u.test(local)) ctx.addIssue({ code: "custom", message: v("emailAsciiLocal") });
        else if (local.length > LOCAL_MAX)
          ctx.addIssue({ code: "custom", message: v("emailLocalTooLong", { max: LOCAL_MAX }) });
      })
      .pipe(core),
  );

export const optionalEmail = () => emailOf(emailCore.optional());
export const requiredEmail = (required: string) => emailOf(z.string({ error: required }).pipe(emailCore));
