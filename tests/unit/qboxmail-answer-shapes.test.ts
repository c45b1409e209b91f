// Shapes of Qboxmail's list and single-resource answers the contract leaves open
// (docs/upstream/qboxmail.md §4): a single GET's item under `resources` as an object, and a list
// that ignores `page` and answers its first page to every request. Over a throwaway node:http
// server standing in for another Qboxmail.
import { beforeAll, describe, expect, it } from "vitest";
import { QboxmailClient } from "@/lib/upstream/qboxmail/client";
import { standInServer } from "../support/stand-in-server";

let answer: (url: URL) => unknown = () => ({});
let client: QboxmailClient;

const upstream = standInServer((_req, url) => ({ body: answer(url) }));

beforeAll(() => {
  client = new QboxmailClient({ baseUrl: upstream.origin(), token: "t", timeoutMs: 5_000 });
});

const domain = (n: number) => ({ code: `D${String(n).padStart(9, "0")}`, name: `d${n}.other.example` });

describe("a Qboxmail single-resource answer", () => {
  const item = { code: "D000000042", name: "a.example.com", status: "enabled" };
  for (const [shape, body] of [
    ["{resources: [item]}", { resources: [item] }],
    ["{resources: item}", { resources: item }],
    ["{resource: item}", { resource: item }],
    ["the bare item", item],
  ] as const)
    it(`is read as ${shape}`, async () => {
      answer = () => body;
      expect(await client.getDomain("D000000042")).toMatchObject({ kind: "found", ref: "D000000042" });
    });

  it("without an item is no reading", async () => {
    answer = () => ({ resources: [] });
    expect(await client.getDomain("D000000042")).toMatchObject({ kind: "transient" });
  });
});

describe("a Qboxmail list that answers its first page to every page", () => {
  it("is the whole list when that page is short: a name not on it is absent", async () => {
    answer = () => ({ resources: [1, 2, 3].map(domain) });
    expect(await client.findDomainByName("a.example.com")).toMatchObject({ kind: "absent" });
  });

  it("may be cut when that page is full: a name not on it cannot be told absent", async () => {
    // The provider caps `per` at 25 and ignores `page`: the 26th match is never shown.
    answer = () => ({ resources: Array.from({ length: 25 }, (_, i) => domain(i)) });
    const r = await client.findDomainByName("a.example.com");
    expect(r).toMatchObject({ kind: "transient" });
    expect((r as { message: string }).message).toBe(
      "Qboxmail list answers the same 25 items for every page, so the rest of it cannot be read",
    );
  });

  it("still finds the name on the page", async () => {
    // The hit is then read by its code, and that record is what the lookup answers.
    answer = (url) =>
      url.pathname === "/api/domains/D1"
        ? { resources: [{ code: "D1", name: "A.example.com", status: "enabled" }] }
        : { resources: [...Array.from({ length: 24 }, (_, i) => domain(i)), { code: "D1", name: "A.example.com" }] };
    expect(await client.findDomainByName("a.example.com")).toMatchObject({ kind: "found", ref: "D1" });
  });
});
