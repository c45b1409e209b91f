// The shared pieces of every page speak the viewer's language on their own: a component that
// falls back to an English default when its caller passes no text shows English to Italian and
// German users wherever a caller forgets (docs/i18n.md "What is translated").
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { ErrorSummary } from "@/app/ui/error-summary";
import { CursorPagination } from "@/app/ui/pagination";
import { TableHead } from "@/app/ui/table";
import { renderIn, visibleOwnText } from "../support/german-markup";

describe("shared UI in German", () => {
  it("the error summary's heading", () => {
    const items = [{ id: "customer-name", label: "Name", messages: ["Geben Sie den Namen des Kunden ein"] }];
    const german = visibleOwnText(renderIn("de", createElement(ErrorSummary, { items })));
    expect(german).toContain("Es gibt ein Problem");
    expect(german).not.toContain("There is a problem");
    expect(visibleOwnText(renderIn("en", createElement(ErrorSummary, { items })))).toContain("There is a problem");
  });

  it("a table's actions column, heard by screen readers", () => {
    const head = createElement(TableHead, { columns: ["Gerät"], actions: true });
    const table = createElement("table", null, head);
    const german = visibleOwnText(renderIn("de", table));
    expect(german).toContain("Aktionen");
    expect(german).not.toContain("Actions");
  });

  it("the pagination's name when its page gives none", () => {
    const html = renderIn("de", createElement(CursorPagination, { nextHref: "/support/audit?after=x" }));
    expect(html).toContain('aria-label="Seitennavigation"');
    expect(html).not.toContain("Pagination");
  });
});
