// A grommunio 404 means "absent" (a read), "already gone" (a delete) or "no longer exists" (a
// PATCH) only when it is grommunio's own answer about the object: "Domain not found", " not found"
// for a server (docs/upstream/grommunio.md §3). The unknown route's "Resource not found", a web
// server's page or another JSON says nothing about the object: transient, never concluded on, so
// a service is not ended while its domain is still there. Over a throwaway node:http server.
import http from "node:http";
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GrommunioClient } from "@/lib/upstream/grommunio/client";

type Answer404 = { type: string; body: string };
const json = (body: unknown): Answer404 => ({ type: "application/json", body: JSON.stringify(body) });
const ANSWERS: Record<string, Answer404> = {
  domain: json({ message: "Domain not found" }),
  server: json({ message: " not found" }),
  route: json({ message: "Resource not found" }),
  nginx: { type: "text/html", body: "<html><body><h1>404 Not Found</h1><hr>nginx</body></html>" },
  otherJson: json({ status: 404, error: "Not Found" }),
};

let answer: Answer404 = ANSWERS.domain!;
let server: http.Server;
let client: GrommunioClient;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    const login = new URL(req.url ?? "/", "http://x").pathname === "/api/v1/login";
    const sent = login ? json({ grommunioAuthJwt: "jwt", csrf: "csrf" }) : answer;
    res.writeHead(login ? 200 : 404, {
      "content-type": sent.type,
      "content-length": String(Buffer.byteLength(sent.body)),
    });
    res.end(sent.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  client = new GrommunioClient({
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    user: "u",
    password: "p",
    timeoutMs: 5_000,
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
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
  for (const name of ["route", "nginx", "otherJson"])
    it(`(${name}) is transient: nothing is concluded about the object`, async () => {
      answer = ANSWERS[name]!;
      expect(await client.getDomain(7)).toMatchObject({ kind: "transient" });
      expect(await client.getServer(7)).toMatchObject({ kind: "transient" });
      expect(await client.deleteDomain(7, { purge: true })).toMatchObject({ kind: "transient" });
      expect(await client.deleteServer(7)).toMatchObject({ kind: "transient" });
      expect(await client.patchDomain(7, { maxUser: 5 })).toMatchObject({ kind: "transient" });
    });
});
