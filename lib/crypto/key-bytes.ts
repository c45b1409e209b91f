// How a SECRETS_KEY-style value is written: 64 hex characters, or base64. One decoder for the
// seal (lib/crypto/seal.ts) and the start-up check of the settings (lib/env.ts), which cannot
// import the seal (the seal reads the settings).

/** The bytes `raw` decodes to; the caller checks there are 32. */
export function decodeSecretsKey(raw: string): Buffer {
  const trimmed = raw.trim();
  return /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
}
