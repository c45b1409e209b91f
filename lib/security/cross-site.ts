// A GET that writes (support's CSV export records who exported what before the first byte) must
// come from the portal's own pages: the session cookie is SameSite=Lax, so a link or a top-level
// navigation from another site carries it, and such a GET would write an audit row in a staff
// member's name with filters a stranger chose. Browsers say where a request came from in
// Sec-Fetch-Site; a client that sends none (curl, an older browser) is not a browser led by a page.

/** Whether the request was started by another site's page (or a sibling subdomain's). */
export function startedElsewhere(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  return site === "cross-site" || site === "same-site";
}
