// The portal's IDNA 2008 check (lib/format/idna2008.ts, through toIdnaAscii) against an independent
// answer: what Python's `idna.encode` did with each name of tests/unit/idna-python-corpus.json
// (written by scripts/idna-oracle.py). grommunio encodes names with that call, and a name it cannot
// encode but the portal sends is stored raw and breaks every later domain list
// (docs/upstream/grommunio.md §5 and §6), so the two must agree, in the Unicode spelling and in
// the xn-- one.
import { describe, expect, it } from "vitest";
import { toIdnaAscii } from "@/lib/forms/idna";
import { pyIdnaEncode } from "@/lib/upstream/grommunio/idna";
import corpus from "./idna-python-corpus.json";

type Entry = { name: string; ascii: string | null; ace?: string; aceAscii?: string | null };
const names: Entry[] = corpus.names;

// Where the portal answers otherwise on purpose: whole names, none of them about which characters a
// label may hold. Each name's portal answer is fixed here with the reason.
const DELIBERATE: ReadonlyMap<string, { portal: string | null; reason: string }> = new Map([
  // Python reads the ideographic full stop as a dot; the form asks for a plain one, because
  // grommunio's own pattern after encoding and people reading the name both expect it.
  ["例え。jp", { portal: null, reason: "wide or ideographic full stop" }],
  ["example.com.", { portal: null, reason: "a trailing dot is not part of a mail domain" }],
  ["localhost", { portal: null, reason: "one label: grommunio's pattern refuses it after encoding" }],
  ["1.2.3.4", { portal: null, reason: "an IP address is not a mail domain" }],
  // Python refuses a name not in NFC; the form normalises what is typed (an input method may
  // type the mark apart) and sends the NFC spelling, which Python takes.
  ["e\u0301xample.com", { portal: "xn--xample-9ua.com", reason: "NFC applied to what is typed" }],
  ["mu\u0308nchen.de", { portal: "xn--mnchen-3ya.de", reason: "NFC applied to what is typed" }],
]);

/** The portal's answer for a name: its ASCII form, or null where it refuses the name. */
function portal(name: string): string | null {
  const result = toIdnaAscii(name, { maxLength: 253 });
  return result.ok ? result.ascii : null;
}

describe("the IDNA 2008 check agrees with Python's idna.encode", () => {
  it("holds a corpus of several hundred names, accepted and refused ones", () => {
    expect(names.length).toBeGreaterThan(700);
    expect(names.filter((e) => e.ascii === null).length).toBeGreaterThan(300);
    expect(names.filter((e) => e.ascii !== null).length).toBeGreaterThan(250);
  });

  it("except on the names listed as deliberate, each answered as listed", () => {
    for (const [name, { portal: answer }] of DELIBERATE) {
      expect(
        names.some((e) => e.name === name),
        name,
      ).toBe(true);
      expect(portal(name), name).toBe(answer);
    }
  });

  it("on every name of the corpus as typed", () => {
    const disagreements = names
      .filter((e) => !DELIBERATE.has(e.name) && portal(e.name) !== e.ascii)
      .map((e) => `${e.name}: Python ${e.ascii ?? "refuses"}, portal ${portal(e.name) ?? "refuses"}`);
    expect(disagreements).toEqual([]);
  });

  it("on every name of the corpus in its xn-- spelling", () => {
    const disagreements = names
      .filter((e): e is Entry & { ace: string } => e.ace !== undefined && !DELIBERATE.has(e.ace))
      .filter((e) => portal(e.ace) !== e.aceAscii)
      .map((e) => `${e.ace} (${e.name}): Python ${e.aceAscii ?? "refuses"}, portal ${portal(e.ace) ?? "refuses"}`);
    expect(disagreements).toEqual([]);
  });

  it("in the client's copy of grommunio's encoding, used for lookups", () => {
    // That copy splits a name at plain dots only, where Python also splits at the ideographic and
    // wide ones; the form refuses those dots, so no name holding one is ever looked up.
    const splitOnlyAtPlainDots = new Set(["例え。jp"]);
    const disagreements = names
      .filter((e) => !splitOnlyAtPlainDots.has(e.name))
      .flatMap((e) => [
        [e.name, e.ascii],
        [e.ace, e.aceAscii],
      ])
      .filter((pair): pair is [string, string | null] => pair[0] !== undefined)
      .filter(([name, ascii]) => pyIdnaEncode(name) !== ascii)
      .map(([name, ascii]) => `${name}: Python ${ascii ?? "refuses"}, client ${pyIdnaEncode(name) ?? "refuses"}`);
    expect(disagreements).toEqual([]);
  });
});
