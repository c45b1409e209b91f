// Cache-Control of the reseller API's answers (docs/api.md "Compression and caching"). Every answer carries
// one reseller's data: `no-store`, so no shared cache keeps it. A small answer (a placed order, a
// problem) also carries `no-transform`, which Next.js's response compression honours: gzip of
// 1–4 kB of JSON cost the web process more CPU per placement than anything of ours (a fresh zlib
// stream per answer, docs/benchmarks/placing.md "Placing over HTTP: small answers uncompressed") to save
// about a kilobyte. Lists and other answers from 4 kB up are still compressed, except one that
// carries an ETag: the tag is strong (If-Match compares strongly), and a strong tag names one
// sequence of bytes, so the gzip of the body would need a tag of its own (RFC 9110 §8.8.1).
// Sent uncompressed, the tag a client sends back in If-Match is the one of the bytes it read.

/** Answers of at least this many characters are compressed for clients that accept it. */
export const COMPRESSED_FROM_CHARS = 4096;

export function apiCacheControl(body: string, hasEtag = false): string {
  return hasEtag || body.length < COMPRESSED_FROM_CHARS ? "no-store, no-transform" : "no-store";
}
