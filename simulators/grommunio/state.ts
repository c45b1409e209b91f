// The grommunio simulator's persistent state: what the MariaDB tables and the API process hold.
import { generateKeyPairSync } from "node:crypto";

export type Server = { ID: number; hostname: string; extname: string };

/** The domain's free-text columns (varchar), stored as sent and "" when not sent. */
type DomainTextColumn = "title" | "address" | "adminName" | "tel";

export type Domain = Record<DomainTextColumn, string> & {
  ID: number;
  domainname: string; // as stored: IDNA-encoded, or the raw name when encoding failed
  orgID: number;
  maxUser: number;
  endDay: string; // a DATE column, "YYYY-MM-DD"
  domainStatus: number;
  syncPolicy: Record<string, unknown> | null;
  chat: boolean;
  homeserver: number; // 0 = none
  homedir: string;
};

/**
 * The columns of grommunio's `domains` table that a request body may name, and what a PATCH may
 * do with each (docs/upstream/grommunio.md): `write` changes it, `fixed` must repeat the stored
 * value (the name), `create` is taken on POST (the counters and paths, which the upstream
 * computes itself) and is an unknown attribute to a PATCH. Any other key is unknown to both.
 */
const DOMAIN_COLUMN_ACCESS = {
  ID: "create",
  orgID: "write",
  domainname: "fixed",
  displayname: "create",
  homedir: "create",
  maxUser: "write",
  title: "write",
  address: "write",
  adminName: "write",
  tel: "write",
  endDay: "write",
  domainStatus: "write",
  activeUsers: "create",
  inactiveUsers: "create",
  virtualUsers: "create",
  syncPolicy: "write",
  chat: "write",
  homeserver: "write",
} as const;

/** What the table allows for a body key; undefined for a key that is no column (even "toString"). */
export function domainColumnAccess(key: string): "write" | "fixed" | "create" | undefined {
  return Object.hasOwn(DOMAIN_COLUMN_ACCESS, key)
    ? DOMAIN_COLUMN_ACCESS[key as keyof typeof DOMAIN_COLUMN_ACCESS]
    : undefined;
}

export type Role = { ID: number; name: string; permissions: Array<{ permission: string; params: number }> };

/** `SystemAdmin` may create; `SystemAdminRO` may only read (creates answer 403); `none` cannot log in. */
export type AdminUser = { password: string; role: "SystemAdmin" | "SystemAdminRO" | "none" };

export type Flags = {
  /** The API started without a database: every DB endpoint answers 503 "Database not available.". */
  databaseUnavailable: boolean;
  /** grommunio-chat reachable. Without it `chat:true` commits the domain and then answers 500, a
   * PATCH of `chat` answers 503, and every domain reads `chat: false` (read live from the service). */
  chatAvailable: boolean;
  /** Store/home directory setup fails after the domain row is committed: 500 "Error during domain setup". */
  storeSetupFails: boolean;
  /** Creating the "Domain Admin" role fails after the domain row is committed: 400 naming the
   * role's key, as a MariaDB constraint error on the roles table would. */
  roleCreationFails: boolean;
  /** Processing time added to every API request (0 = answer at once). */
  latencyMs: number;
  /** Requests processed at once while latencyMs > 0 (uWSGI threads; 0 = unlimited). */
  workers: number;
  /** Lists ignore their text filters, as grommunio ignores a query parameter it does not know
   * (docs/upstream/grommunio.md §7): a lookup then gets every row, 50 per page. */
  listFiltersIgnored: boolean;
  /** Lists answer from the first row whatever `offset` asks for (grommunio documents `offset`:
   * this is a contract-breaking list, for the readers' guards). */
  listOffsetIgnored: boolean;
  /** Largest `limit` honoured (0: none), as a server that caps its pages silently would. */
  listLimitMax: number;
  /** Lists answer level 1 whatever `level` asks (the detail GET is still level 2). */
  listLevelIgnored: boolean;
  /** Level 2 domain list rows give `homeserver: null` (the detail GET still names the server):
   * level 2 list rows are not documented field by field (docs/upstream/grommunio.md §7). */
  listHomeserverNull: boolean;
  /** Lists answer `{data: [...]}` without `count`, as the shipped OpenAPI documents them
   * (docs/upstream/grommunio.md §7): a reader then cannot tell how many pages there are. */
  listCountOmitted: boolean;
};

export type GrommunioState = {
  privateKeyPem: string;
  publicKeyPem: string;
  clockOffsetSeconds: number;
  servers: Server[];
  domains: Domain[];
  roles: Role[];
  nextDomainId: number;
  nextServerId: number;
  nextRoleId: number;
  users: Record<string, AdminUser>;
  flags: Flags;
  /** Names the fake resolver of the DNS check answers for (lower case); set by a control route. */
  resolvable?: string[];
};

const DEFAULT_FLAGS: Flags = {
  databaseUnavailable: false,
  chatAvailable: false,
  storeSetupFails: false,
  roleCreationFails: false,
  latencyMs: 0,
  workers: 4,
  listFiltersIgnored: false,
  listOffsetIgnored: false,
  listLimitMax: 0,
  listLevelIgnored: false,
  listHomeserverNull: false,
  listCountOmitted: false,
};

export function newKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  // grommunio uses 4096 bits; 2048 keeps simulator start-up fast and changes nothing on the wire
  // a client relies on.
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export function emptyState(
  keys: { privateKeyPem: string; publicKeyPem: string },
  users: Record<string, string>,
): GrommunioState {
  return {
    ...keys,
    clockOffsetSeconds: 0,
    servers: [],
    domains: [],
    roles: [],
    nextDomainId: 1,
    nextServerId: 1,
    nextRoleId: 1,
    users: Object.fromEntries(
      Object.entries(users).map(([u, password]) => [u, { password, role: "SystemAdmin" as const }]),
    ),
    flags: { ...DEFAULT_FLAGS },
  };
}

/** The simulator's "now" in Unix seconds; tests move it forward to expire tokens. */
export function nowSeconds(state: GrommunioState): number {
  return Math.floor(Date.now() / 1000) + state.clockOffsetSeconds;
}
