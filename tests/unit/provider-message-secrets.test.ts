// Qboxmail may repeat what a refused request sent without any word that marks a secret ("'Tr0ub4dor&3'
// non è un valore valido"): the keyword rule of lib/upstream/provider-message.ts lets such a message
// through, and the password would be kept for good (the order, its attempt, its append-only audit
// record, the API, the webhook and the pages). So the request's own secrets (its passwords, the API
// token) are looked for in the message as sent, JSON-escaped and URL-encoded, in any case.
import { describe, expect, it } from "vitest";
import { FIELD_PROBLEMS } from "@/lib/i18n/field-problems";
import { orderKinds, parseOrderForm } from "@/lib/orders/schemas";
import { changeBody, PASSWORD_PAIRS } from "@/lib/services/change-kinds";
import { keptMessage, requestSecrets } from "@/lib/upstream/provider-message";
import { classifyQboxmail, classifyQboxmailCreate } from "@/lib/upstream/qboxmail/classify";
import { judgeCreate } from "@/workers/processors/verdicts";
import { outcomesOf } from "../support/http-outcome";
import { upstreamRequestFor } from "../support/upstream-request";

const { answer } = outcomesOf({ method: "POST", path: "/api/domains", durationMs: 7 });
const PASSWORD = "Tr0ub4dor&3-Ünö";
const envelope = (message: string, errors: unknown[] = []) => ({ message, errors });
const UNEXPLAINED =
  "Qboxmail refused the order (400) without a message the portal can show. Check the order's values and use Edit and resubmit; if it is refused again, contact support with the order number.";

/** A create of a domain with PASSWORD, refused 400 with `message`, as the client classifies it. */
function refusedCreate(message: string) {
  const body = { name: "a.example", postmaster_password: PASSWORD, postmaster_password_confirmation: PASSWORD };
  return classifyQboxmailCreate(answer(400, envelope(message)), "name", requestSecrets(body));
}

describe("a Qboxmail message that repeats the request's password without naming it", () => {
  it("is withheld, as sent and in another case, so the password reaches neither the text nor the attempt", () => {
    for (const message of [
      `'${PASSWORD}' non è un valore valido`,
      `Value "${PASSWORD}" is not allowed`,
      `VALUE ${PASSWORD.toUpperCase()} IS NOT ALLOWED`,
      `value ${PASSWORD.toLowerCase()}`,
    ]) {
      const r = refusedCreate(message);
      expect(r, message).toMatchObject({ kind: "rejected", message: UNEXPLAINED, answer: { messageWithheld: true } });
      const judged = judgeCreate(r, true, "a.example", "qboxmail_domain");
      expect(JSON.stringify(judged).toLowerCase(), message).not.toContain(PASSWORD.toLowerCase());
    }
  });

  it("is withheld JSON-escaped (as JSON.stringify and as Rails write it) and URL-encoded", () => {
    const quoted = 'Pl"um\\tree<9>&x';
    const body = { email_address: "m@a.example", password: quoted, password_confirmation: quoted };
    const secrets = requestSecrets(body);
    for (const echo of [
      JSON.stringify(quoted).slice(1, -1), // Pl\"um\\tree<9>&x
      'Pl\\"um\\\\tree\\u003c9\\u003e\\u0026x', // Rails' HTML-safe JSON
      'PL\\"UM\\\\TREE\\U003C9\\U003E\\U0026X',
      encodeURIComponent(quoted),
      encodeURIComponent(quoted).toLowerCase(), // %3c rather than %3C
      new URLSearchParams({ v: quoted }).toString().slice(2),
    ]) {
      const r = classifyQboxmail(answer(400, envelope(`Value ${echo} is not allowed`)), {
        kind: "write",
        keyField: "email_address",
        secrets,
      });
      expect(r, echo).toMatchObject({ kind: "rejected", answer: { messageWithheld: true } });
      expect(JSON.stringify(r), echo).not.toContain(echo);
    }
    // Outside the BMP and accented, escaped ASCII-only.
    const accented = "Fjörd😀kite7";
    const ascii = JSON.stringify(accented)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    expect(ascii).toBe("Fj\\u00f6rd\\ud83d\\ude00kite7");
    expect(keptMessage(`bad value ${ascii}`, [accented])).toEqual({ kind: "withheld" });
    expect(keptMessage(`bad value ${encodeURIComponent(accented)}`, [accented])).toEqual({ kind: "withheld" });
  });

  it("is withheld when the password straddles the 200-character cut, and when blanks in it were folded", () => {
    const long = `${"x".repeat(195)} ${PASSWORD}`;
    expect(keptMessage(long, [PASSWORD])).toEqual({ kind: "withheld" });
    expect(keptMessage("bad value Two\n  Words9", ["Two  Words9"])).toEqual({ kind: "withheld" });
  });

  it("is withheld when it quotes a part of the password, eight characters of it in a row, and kept with seven", () => {
    const [head, tail] = [PASSWORD.slice(0, 8), PASSWORD.slice(-8)];
    for (const [message, quoted] of [
      [`'${head}…' non è un valore valido`, head],
      [`Value ends in ${tail.toUpperCase()}`, tail],
    ] as const) {
      expect(refusedCreate(message), message).toMatchObject({ answer: { messageWithheld: true } });
      expect(JSON.stringify(refusedCreate(message)).toLowerCase(), message).not.toContain(quoted.toLowerCase());
    }
    const seven = `'${PASSWORD.slice(0, 7)}…' non è un valore valido`;
    expect(refusedCreate(seven)).toMatchObject({ answer: { message: seven } });
    // A field's reason, as a whole password's.
    const body = { name: "a.example", postmaster_password: PASSWORD, postmaster_password_confirmation: PASSWORD };
    const r = classifyQboxmail(
      answer(422, envelope("Validazione Fallita", [{ field: "base", description: `'${tail}' non è valido` }])),
      { kind: "write", keyField: "name", secrets: requestSecrets(body) },
    );
    expect(r).toMatchObject({ fieldErrors: { base: [FIELD_PROBLEMS.reasonRepeatsPassword] } });
  });

  it("withholds the API token's echo, on a read as on a write", () => {
    const token = "qbx_3f9c2a7e51d04b8c";
    const read = classifyQboxmail(answer(400, envelope(`Header value ${token} not recognised`)), {
      kind: "read",
      secrets: [token],
    });
    expect(read).toMatchObject({ message: "Qboxmail rejected the request (400)", answer: { messageWithheld: true } });
  });

  it("keeps a message that repeats none of the secrets, and the keyword rule still holds without any", () => {
    expect(refusedCreate("Domain is pending deletion")).toMatchObject({
      answer: { message: "Domain is pending deletion" },
    });
    expect(keptMessage("La password non è valida", [])).toEqual({ kind: "withheld" });
  });

  it("looks for a secret of fewer than 4 characters only as a whole word, and for an empty one not at all", () => {
    expect(keptMessage("Tab1e name is not valid", ["ab1"])).toMatchObject({ kind: "kept" });
    expect(keptMessage("Value 'ab1' is not valid", ["ab1"])).toEqual({ kind: "withheld" });
    expect(keptMessage("Value AB1 is not valid", ["ab1"])).toEqual({ kind: "withheld" });
    expect(keptMessage("Domain is pending deletion", [""])).toMatchObject({ kind: "kept" });
  });

  it("replaces another field's description that repeats the password, as a password field's is", () => {
    const body = { name: "a.example", postmaster_password: PASSWORD, postmaster_password_confirmation: PASSWORD };
    const r = classifyQboxmail(
      answer(422, envelope("Validazione Fallita", [{ field: "base", description: `'${PASSWORD}' non è valido` }])),
      { kind: "write", keyField: "name", secrets: requestSecrets(body) },
    );
    expect(r).toMatchObject({
      kind: "rejected",
      fieldErrors: { base: [FIELD_PROBLEMS.reasonRepeatsPassword] },
      answer: { errors: [{ field: "base", description: FIELD_PROBLEMS.reasonRepeatsPassword }] },
    });
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
  });
});

describe("the secrets of a request", () => {
  // A form for each Qboxmail kind, with every secret field filled: a kind added without one here fails.
  const FORMS: Record<string, Record<string, unknown>> = {
    qboxmail_domain: {
      name: "a.example",
      postmaster_password: "Domain-Pw-81",
      postmaster_password_confirmation: "Domain-Pw-81",
    },
    qboxmail_manager: {
      email_address: "m@a.example",
      firstname: "Anna",
      lastname: "Rossi",
      password: "Manager-Pw-82",
      password_confirmation: "Manager-Pw-82",
    },
  };

  it("are every secret field of every Qboxmail kind, as its create's body carries them", () => {
    const kinds = Object.values(orderKinds).filter((k) => k.provider === "qboxmail");
    expect(kinds.map((k) => k.kind).sort()).toEqual(Object.keys(FORMS).sort());
    for (const def of kinds) {
      const parsed = parseOrderForm(def.kind, FORMS[def.kind]);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
      expect(Object.keys(parsed.secrets).sort(), def.kind).toEqual([...def.secretFields].sort());
      const found = requestSecrets(upstreamRequestFor(def.kind, parsed.payload, parsed.secrets).body);
      for (const field of def.secretFields) expect(found, `${def.kind}.${field}`).toContain(parsed.secrets[field]);
    }
  });

  it("are a password change's new password, and nothing of a body without one", () => {
    for (const kind of ["qboxmail_domain", "qboxmail_manager"] as const) {
      expect(PASSWORD_PAIRS[kind], kind).toBeDefined();
      const body = changeBody(kind, "change", { set: { max_email_accounts: 5 }, password: true }, "New-Pw-9931");
      expect(requestSecrets(body), kind).toEqual(["New-Pw-9931", "New-Pw-9931"]);
      expect(requestSecrets(changeBody(kind, "change", { set: { max_email_accounts: 5 } })), kind).toEqual([]);
    }
    // The policy flags that name a password are no secrets.
    expect(requestSecrets({ block_old_password: true, password_expiration: 90, name: "a.example" })).toEqual([]);
  });
});
