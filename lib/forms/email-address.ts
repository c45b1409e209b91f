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
// "o'neil@" are addresses), and zod's domain rule with an internationalised top-level domain
// ("xn--p1ai", .рф) too. zod's own pattern refused such common addresses.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const EMAIL_PATTERN = new RegExp(
  `^${ATEXT}+(?:\\.${ATEXT}+)*@(?:[A-Za-z0-9][A-Za-z0-9-]*\\.)+(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)$`,
);
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
        if (typeof value === "string" && /\P{ASCII}/u.test(value.slice(0, Math.max(0, value.lastIndexOf("@")))))
          ctx.addIssue({ code: "custom", message: v("emailAsciiLocal") });
      })
      .pipe(core),
  );

export const optionalEmail = () => emailOf(emailCore.optional());
export const requiredEmail = (required: string) => emailOf(z.string({ error: required }).pipe(emailCore));
