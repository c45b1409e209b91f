// Only an answer that never arrived reads as lost: a form says so and keeps its key, while anything
// that did answer goes on to Next as before (app/r/[slug]/_components/answer-lost.ts).
import { describe, expect, it } from "vitest";
import { answerLost } from "@/app/r/[slug]/_components/answer-lost";

describe("answerLost", () => {
  it("is a failed fetch or an answer cut before its end", () => {
    expect(answerLost(new TypeError("Failed to fetch"))).toBe(true);
    expect(answerLost(new TypeError("NetworkError when attempting to fetch resource."))).toBe(true);
    expect(answerLost(new Error("Connection closed."))).toBe(true);
  });

  it("is not Next's redirect or not-found, nor a failure the server reported (errors with a digest)", () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), {
      digest: "NEXT_REDIRECT;replace;/r/alpine/orders/1;307;",
    });
    expect(answerLost(redirect)).toBe(false);
    expect(
      answerLost(Object.assign(new Error("NEXT_HTTP_ERROR_FALLBACK;404"), { digest: "NEXT_HTTP_ERROR_FALLBACK;404" })),
    ).toBe(false);
    expect(answerLost(Object.assign(new TypeError("x"), { digest: "1234567" }))).toBe(false);
  });

  it("is not an answer that arrived: a stale action after a deploy, a page that is not the portal's, anything else", () => {
    expect(answerLost(new Error('Server Action "abc" was not found on the server.'))).toBe(false);
    expect(answerLost(new Error("An unexpected response was received from the server."))).toBe(false);
    expect(answerLost("Failed to fetch")).toBe(false);
    expect(answerLost(undefined)).toBe(false);
  });
});
