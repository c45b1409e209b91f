// An export reads its address as the list it exports does (Next gives a page a repeated key as
// all its values, which the list takes as none): the CSV holds the rows the list showed.
import { describe, expect, it } from "vitest";
import { parseOrderFilters } from "@/lib/orders/queries/reseller-orders";
import { readListAddress, searchParamsOf } from "@/lib/pagination/list-address";

describe("an export's address", () => {
  it("keeps a repeated key's values, so the filters read it as the page does", () => {
    const url = "https://portal.test/r/alpine/orders/export?status=failed&status=held&kind=qboxmail_domain&q=shop";
    expect(searchParamsOf(url)).toEqual({ status: ["failed", "held"], kind: "qboxmail_domain", q: "shop" });
    const filters = parseOrderFilters(searchParamsOf(url));
    expect(filters).toMatchObject({ kind: "qboxmail_domain", q: "shop" });
    expect(filters.status).toBeUndefined();
    expect(readListAddress(searchParamsOf("https://portal.test/x?q=a&q=b")).q).toBeUndefined();
  });
});
