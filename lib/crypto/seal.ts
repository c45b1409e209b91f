// Order secrets at rest (docs/design.md invariant 5): AES-256-GCM with a random 12-byte IV and the
// order id as associated data, so a sealed value copied onto another order does not open.
// Layout: version byte (1) | IV (12) | auth tag (16) | ciphertext.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { decodeSecretsKey } from "./key-bytes";

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type Secrets = Record<string, string>;

class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealError";
  }
}

/** Parses a 32-byte key given as 64 hex characters or base64; never echoes the value. */
export function parseSecretsKey(raw: string | undefined, name = "SECRETS_KEY"): Buffer {
  if (!raw) throw new SealError(`${name} is not set (32 bytes, base64 or hex)`);
  const key = decodeSecretsKey(raw);
  if (key.length !== 32) throw new SealError(`${name} must decode to exactly 32 bytes (base64 or hex)`);
  return key;
}

let cachedKey: { raw: string | undefined; key: Buffer } | undefined;
function key(): Buffer {
  const raw = env().SECRETS_KEY;
  if (!cachedKey || cachedKey.raw !== raw) cachedKey = { raw, key: parseSecretsKey(raw) };
  return cachedKey.key;
}

let cachedPrevious: { raw: string | undefined; keys: Buffer[] } | undefined;
/**
 * The key before the current one, while a rotation is under way (docs/operations.md "Rotate
 * SECRETS_KEY"): what it sealed still opens; everything new is sealed with the current key.
 */
function previousKeys(): Buffer[] {
  const raw = env().SECRETS_KEY_PREVIOUS?.trim() || undefined;
  if (!cachedPrevious || cachedPrevious.raw !== raw)
    cachedPrevious = { raw, keys: raw ? [parseSecretsKey(raw, "SECRETS_KEY_PREVIOUS")] : [] };
  return cachedPrevious.keys;
}

/** The keys `open` tries, current first (lib/crypto/derived-keys.ts derives its keys from them). */
export const openingKeys = (): Buffer[] => [key(), ...previousKeys()];

export function seal(secrets: Secrets, orderId: string, secretsKey: Buffer = key()): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", secretsKey, iv);
  cipher.setAAD(Buffer.from(orderId, "utf8"));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/**
 * Throws SealError when the data was altered, sealed for another order or with none of the keys
 * (the current one and, during a rotation, the previous one; or those given).
 */
export function open(sealed: Uint8Array, orderId: string, secretsKey?: Buffer | readonly Buffer[]): Secrets {
  const keys = secretsKey === undefined ? openingKeys() : Buffer.isBuffer(secretsKey) ? [secretsKey] : secretsKey;
  const buf = Buffer.from(sealed);
  if (buf.length < 1 + IV_BYTES + TAG_BYTES || buf[0] !== VERSION)
    throw new SealError("sealed secret has an unknown format");
  for (const k of keys) {
    const secrets = openWith(buf, orderId, k);
    if (secrets) return secrets;
  }
  // The cause would say nothing useful and must not carry data.
  throw new SealError("sealed secret could not be opened (wrong order, key or altered data)");
}

function openWith(buf: Buffer, orderId: string, secretsKey: Buffer): Secrets | undefined {
  const iv = buf.subarray(1, 1 + IV_BYTES);
  const tag = buf.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const body = buf.subarray(1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", secretsKey, iv);
    decipher.setAAD(Buffer.from(orderId, "utf8"));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    return JSON.parse(plain) as Secrets;
  } catch {
    return undefined;
  }
}
