import { describe, expect, it } from "vitest";
import { searchText } from "@/lib/forms/control-chars";
import { listLinks, oneParam, readListAddress } from "@/lib/pagination/list-address";

describe("readListAddress", () => {
  it("reads the search and the cursors given once", () => {
    expect(readListAddress({ q: "acme", after: "b@x.test" })).toEqual({
      q: "acme",
      after: "b@x.test",
      before: undefined,
    });
  });

  it("treats a repeated parameter as absent", () => {
    expect(oneParam({ q: ["a", "b"] }, "q")).toBeUndefined();
    expect(readListAddress({ q: ["a", "b"], before: ["x", "y"] })).toEqual({});
  });

  it("cuts an overlong search and cursor", () => {
    const { q, after } = readListAddress({ q: "x".repeat(5000), after: "y".repeat(5000) });
    expect(q).toHaveLength(100);
    expect(after).toHaveLength(300);
  });
});

describe("listLinks", () => {
  it("keeps the search on every link and offers only the pages that exist", () => {
    const links = listLinks(
      "/admin/users",
      { q: "a&b", after: "k" },
      { nextAfter: "n@x.test", prevBefore: "m@x.test" },
    );
    expect(links).toEqual({
      firstHref: "/admin/users?q=a%26b",
      prevHref: "/admin/users?q=a%26b&before=m%40x.test",
      nextHref: "/admin/users?q=a%26b&after=n%40x.test",
    });
  });

  it("has no first link on the first page and no search when there is none", () => {
    expect(listLinks("/r/acme/customers", {}, { nextAfter: "Zeta" })).toEqual({
      firstHref: undefined,
      prevHref: undefined,
      nextHref: "/r/acme/customers?after=Zeta",
    });
  });
});

describe("searchText", () => {
  it("trims what a person typed", () => {
    expect(searchText("  acme ")).toBe("acme");
  });

  it("drops a search holding a control character, which Postgres could not compare", () => {
    expect(searchText("ac\u0000me")).toBe("");
    expect(searchText("line\nbreak")).toBe("");
    expect(searchText(undefined)).toBe("");
  });
});
