// A Qboxmail 404 means "absent" (or "already gone", "no longer exists") only with Qboxmail's own
// envelope `{"message": …, "errors": [...]}` (docs/upstream/qboxmail.md §4, §5). A 404 of another
// body — a gateway's page, a route this Qboxmail does not serve — says nothing about the
// resource: it is transient, and a final lookup at the retry cap holds the order for a person
// instead of failing it as "nothing was created". Over a throwaway node:http server.
import { beforeAll, describe, expect, it } from "vitest";
import { QboxmailClient } from "@/lib/upstream/qboxmail/client";
import { judgeLookup } from "@/workers/processors/verdicts";
import { standInServer } from "../support/stand-in-server";

type Answer404 = { type: string; body: string };
const ANSWERS: Record<string, Answer404> = {
  envelope: { type: "application/json", body: JSON.stringify({ message: "Not found", errors: [] }) },
  italian: { type: "application/json", body: JSON.stringify({ message: "Non trovato", errors: [] }) },
  gatewayPage: { type: "text/html", body: "<html><body><h1>404 Not Found</h1><hr>nginx</body></html>" },
  otherJson: { type: "application/json", body: JSON.stringify({ status: 404, error: "Not Found" }) },
  // API gateways' answers to a path they do not route (Kong, AWS API Gateway, NestJS).
  kong: { type: "application/json", body: JSON.stringify({ message: "no Route matched with those values" }) },
  awsGateway: { type: "application/json", body: JSON.stringify({ message: "Not Found" }) },
  nest: {
    type: "application/json",
    body: JSON.stringify({ statusCode: 404, message: "Cannot GET /api/domains", error: "Not Found" }),
  },
  // No body at all: an unknown code is also described as a plain 404.
  empty: { type: "text/plain", body: "" },
};

let answer: Answer404 = ANSWERS.envelope!;
let client: QboxmailClient;

const upstream = standInServer(() => ({ status: 404, type: answer.type, body: answer.body }));

beforeAll(() => {
  client = new QboxmailClient({ baseUrl: upstream.origin(), token: "t", timeoutMs: 5_000 });
});

describe("a Qboxmail 404 with its envelope, or without a body", () => {
  for (const name of ["envelope", "italian", "empty"])
    it(`(${name}) is absent, already gone, no longer exists`, async () => {
      answer = ANSWERS[name]!;
      expect(await client.findDomainByName("a.example.com")).toMatchObject({ kind: "absent" });
      expect(await client.findManagerByEmail("m@a.example.com")).toMatchObject({ kind: "absent" });
      expect(await client.getManager("MN00000001")).toMatchObject({ kind: "absent" });
      expect(await client.listPage("managers", 1, 50, undefined)).toMatchObject({ ok: true, notFound: true });
      expect(await client.deleteManager("MN00000001")).toMatchObject({ kind: "success", data: { deleted: false } });
      expect(await client.updateDomain("D000000001", { max_accounts: 5 })).toMatchObject({ kind: "rejected" });
    });
});

describe("a Qboxmail 404 with another body", () => {
  for (const name of ["gatewayPage", "otherJson", "kong", "awsGateway", "nest"])
    it(`(${name}) is transient: never absent, gone or refused`, async () => {
      answer = ANSWERS[name]!;
      expect(await client.findDomainByName("a.example.com")).toMatchObject({ kind: "transient" });
      expect(await client.findManagerByEmail("m@a.example.com")).toMatchObject({ kind: "transient" });
      expect(await client.getDomain("D000000001")).toMatchObject({ kind: "transient" });
      expect(await client.listPage("domains", 1, 50, undefined)).toMatchObject({ ok: false });
      expect(await client.deleteManager("MN00000001")).toMatchObject({ kind: "transient" });
      expect(await client.deleteDomain("D000000001")).toMatchObject({ kind: "transient" });
      expect(await client.updateManager("MN00000001", { max_domains: 5 })).toMatchObject({ kind: "transient" });
    });

  it("at the retry cap, the final lookup holds the order rather than failing it as absent", async () => {
    answer = ANSWERS.gatewayPage!;
    const r = await client.findDomainByName("a.example.com");
    const judged = judgeLookup(r, true, "a.example.com", undefined, { failures: 5 });
    expect(judged.verdict).toMatchObject({ to: "held", lastError: expect.stringMatching(/^May exist upstream/) });
  });
});
