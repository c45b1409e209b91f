// A grommunio 404 means "absent" (a read), "already gone" (a delete) or "no longer exists" (a
// PATCH) only when it is grommunio's own answer about the object: "Domain not found", " not found"
// for a server (docs/upstream/grommunio.md §3). The unknown route's "Resource not found", a web
// server's page or another JSON says nothing about the object: transient, never concluded on, so
// a service is not ended while its domain is still there. Over a throwaway node:http server.
import { beforeAll, describe, expect, it } from "vitest";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";
import { standInServer } from "../support/stand-in-server";

type Answer404 = { type: string; body: string };
const json = (body: unknown): Answer404 => ({ type: "application/json", body: JSON.stringify(body) });
const ANSWERS: Record<string, Answer404> = {
  domain: json({ message: "Domain not found" }),
  server: json({ message: " not found" }),
  route: json({ message: "Resource not found" }),
  nginx: { type: "text/html", body: "<html><body><h1>404 Not Found</h1><hr>nginx</body></html>" },
  otherJson: json({ status: 404, error: "Not Found" }),
  // An API gateway's answer for a path it does not route: no object named, "Not Found".
  gateway: json({ message: "Not Found" }),
  gatewayLower: json({ message: "Not found" }),
};

let answer: Answer404 = ANSWERS.domain!;
let client: GrommunioClient;

const upstream = standInServer((_req, url) =>
  url.pathname === "/api/v1/login"
    ? { body: { grommunioAuthJwt: "jwt", csrf: "csrf" } }
    : { status: 404, type: answer.type, body: answer.body },
);

beforeAll(() => {
  client = new GrommunioClient({ baseUrl: `${upstream.origin()}/api/v1`, user: "u", password: "p", timeoutMs: 5_000 });
});

describe("grommunio's own 404 about the object", () => {
  for (const name of ["domain", "server"])
    it(`(${name}) is absent, already gone, no longer exists`, async () => {
      answer = ANSWERS[name]!;
      expect(await client.getDomain(7)).toMatchObject({ kind: "absent" });
      expect(await client.getServer(7)).toMatchObject({ kind: "absent" });
      expect(await client.deleteDomain(7, { purge: false })).toMatchObject({
        kind: "success",
        data: { deleted: false },
      });
      expect(await client.patchDomain(7, { maxUser: 5 })).toMatchObject({ kind: "rejected" });
    });
});

describe("any other 404", () => {
  for (const name of ["route", "nginx", "otherJson", "gateway", "gatewayLower"])
    it(`(${name}) is transient: nothing is concluded about the object`, async () => {
      answer = ANSWERS[name]!;
      expect(await client.getDomain(7)).toMatchObject({ kind: "transient" });
      expect(await client.getServer(7)).toMatchObject({ kind: "transient" });
      expect(await client.deleteDomain(7, { purge: true })).toMatchObject({ kind: "transient" });
      expect(await client.deleteServer(7)).toMatchObject({ kind: "transient" });
      expect(await client.patchDomain(7, { maxUser: 5 })).toMatchObject({ kind: "transient" });
    });
});
