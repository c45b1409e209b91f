// The worker tells an upstream's "already exists" answer to a create from the attempt's stored
// message (workers/processors/provision-order.ts holds, not fails, an order whose create was so
// answered when the final lookup finds nothing). Each client's duplicate answer must read so, and
// nothing else may.
import { describe, expect, it } from "vitest";
import { portalText } from "@/lib/i18n/portal-texts";
import { classifyGrommunio } from "@/lib/upstream/grommunio/classify";
import { classifyQboxmailCreate } from "@/lib/upstream/qboxmail/classify";
import { isDuplicateAnswer } from "@/workers/processors/verdicts";
import { outcomesOf } from "../support/http-outcome";

const qbox = outcomesOf({ method: "POST", path: "/api/domains", durationMs: 5 });
const grom = outcomesOf({ method: "POST", path: "/api/v1/system/domains?createRole=false", durationMs: 5 });

const messageOf = (r: { kind: string; message?: string } | null) => {
  if (!r || !("message" in r) || typeof r.message !== "string") throw new Error(`no message: ${JSON.stringify(r)}`);
  return r.message;
};

describe("isDuplicateAnswer", () => {
  it("reads each client's 'already exists' answer to a create, in English and Italian", () => {
    for (const description of ["already exists", "esiste già", "has already been taken"]) {
      const r = classifyQboxmailCreate(
        qbox.answer(422, { message: "Validation failed", errors: [{ field: "name", description }] }),
        "name",
        [],
      );
      expect(r).toMatchObject({ kind: "unknown", duplicate: true });
      expect(isDuplicateAnswer(messageOf(r as { kind: string; message: string })), description).toBe(true);
    }
    const g = classifyGrommunio(
      grom.answer(400, {
        message: "Object violates database constraints (Duplicate entry 'a.com' for key 'domainname')",
      }),
      "create",
    );
    expect(g).toMatchObject({ kind: "unknown", duplicate: true });
    expect(isDuplicateAnswer(messageOf(g))).toBe(true);
  });

  it("reads no other unknown answer so, nor an upstream's bare words", () => {
    const others = [
      portalText("qboxServerError", { status: 500 }),
      portalText("qboxNoCode", { status: 201 }),
      portalText("noAnswer", { provider: "Qboxmail", error: portalText("connectionClosed") }),
      portalText("gromUnexpected400", { detail: "Duplicate entry 'x' for key 'name'" }),
      portalText("gromFailedMayApply", { detail: "Error during domain setup" }),
      "already exists",
      "Qboxmail: name already exists",
    ];
    for (const message of others) expect(isDuplicateAnswer(message), message).toBe(false);
  });
});
