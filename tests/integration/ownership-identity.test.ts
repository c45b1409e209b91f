// Behaviour 3, "adoption compares identity, per kind" (lib/upstream/identity.ts names every
// compared field; docs/reliability.md lists them): for each order kind, a resource found under
// the order's name is adopted only when the fields we sent agree with what the upstream reports.
import { describe, expect, it } from "vitest";
import { createUpstream } from "./another-client";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import { fault, fileTenant, forms, uniq } from "./pipeline-fixtures";

const t = fileTenant();
const ctx = inProcessContext();

type Case = {
  kind: keyof typeof forms;
  sim: "qboxmail" | "grommunio";
  path: string; // create path, for the fault and for the foreign create
  form: () => { key: string; ours: Record<string, unknown>; theirs: Record<string, unknown> };
  /** How the reseller's text names the difference: the field and what was ordered. */
  differs: RegExp;
  /** The found resource's value, someone else's: support reads it, the reseller never. */
  theirValue: string;
};

const cases: Case[] = [
  {
    kind: "qboxmail_domain",
    sim: "qboxmail",
    path: "/api/domains",
    form: () => {
      const key = `i${uniq()}.example.com`;
      const ours = forms.qboxmail_domain(key); // plan professional, company ACME
      return { key, ours, theirs: { ...ours, company: "Someone Else Srl" } };
    },
    differs: /company: "ACME" ordered, a different value upstream/,
    theirValue: "Someone Else Srl",
  },
  {
    kind: "qboxmail_manager",
    sim: "qboxmail",
    path: "/api/managers",
    form: () => {
      const key = `i${uniq()}@example.com`;
      const ours = forms.qboxmail_manager(key);
      return { key, ours, theirs: { ...ours, lastname: "Bianchi" } };
    },
    differs: /lastname: "Rossi" ordered, a different value upstream/,
    theirValue: "Bianchi",
  },
  {
    kind: "grommunio_server",
    sim: "grommunio",
    path: "/system/servers",
    form: () => {
      const key = `mx${uniq()}.example.com`;
      const ours = forms.grommunio_server(key);
      return { key, ours, theirs: { ...ours, extname: "other.example.com" } };
    },
    differs: /extname: "[^"]+" ordered, a different value upstream/,
    theirValue: "other.example.com",
  },
  {
    kind: "grommunio_domain",
    sim: "grommunio",
    path: "/system/domains",
    form: () => {
      const key = `g${uniq()}.example.com`;
      const ours = forms.grommunio_domain(key);
      return { key, ours, theirs: { ...ours, title: "Their Org" } };
    },
    differs: /title: "Org" ordered, a different value upstream/,
    theirValue: "Their Org",
  },
];

describe("adoption compares identity, per kind", () => {
  for (const c of cases) {
    it(`${c.kind}: a same-named resource with other settings is not adopted; the difference is named`, async () => {
      const { key, ours, theirs } = c.form();
      const id = await placeOrThrow(t, c.kind, ours);
      // Our create never arrives; the worker cannot tell, so the order may exist upstream.
      await fault(c.sim, { method: "POST", path: c.path, count: 1, action: "drop-before" });
      await runNow(id, ctx);
      expect(await orderRow(id)).toMatchObject({ status: "unknown", createSent: true });
      expect((await createUpstream(c.sim, c.path, theirs)).status).toBe(201);
      await runNow(id, ctx);
      const o = await orderRow(id);
      expect(o).toMatchObject({ status: "failed", upstreamRef: null });
      expect(o.lastError).toMatch(c.differs);
      expect(o.lastError).toContain(key);
      expect(o.lastError).not.toContain(c.theirValue);
      const lookup = (await attemptsOf(id)).at(-1)!;
      expect(lookup).toMatchObject({ kind: "lookup", outcome: "found" });
      expect(lookup.message).not.toContain(c.theirValue);
      // Support compares the values beside the upstream's answer, which the reseller never reads.
      const compared = (lookup.response as { comparedWithOrder?: string[] }).comparedWithOrder;
      expect(compared?.join("; ")).toContain(`"${c.theirValue}" upstream`);
    });

    it(`${c.kind}: its own resource, whose answer was lost after the commit, is adopted`, async () => {
      const { ours } = c.form();
      const id = await placeOrThrow(t, c.kind, ours);
      await fault(c.sim, { method: "POST", path: c.path, count: 1, action: "drop-after-commit" });
      await runNow(id, ctx);
      await runNow(id, ctx);
      expect(await orderRow(id)).toMatchObject({ status: "succeeded", upstreamRef: expect.any(String) });
    });
  }
});
