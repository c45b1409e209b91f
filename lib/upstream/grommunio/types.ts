// The grommunio admin API shapes the portal sends and reads (docs/upstream/grommunio.md §4, §5, §7; the spec's
// `homeserver`, `domainWrite` and `domain` schemas). Field names are grommunio's own, which are
// also our order-form field names.

export type GrommunioServerWrite = { hostname: string; extname: string };

export type GrommunioServer = { ID: number; hostname: string; extname: string; users?: number; domains?: number };

export type GrommunioSyncPolicy = Record<string, number | string | string[]>;

export type GrommunioDomainWrite = {
  domainname: string;
  /** Required by the endpoint although the schema leaves it optional. */
  maxUser: number;
  orgID?: number;
  title?: string;
  address?: string;
  adminName?: string;
  tel?: string;
  /** YYYY-MM-DD */
  endDay?: string;
  domainStatus?: number;
  syncPolicy?: GrommunioSyncPolicy | null;
  chat?: boolean;
  /** Server ID; null or absent = automatic placement (round-robin), not "none". */
  homeserver?: number | null;
};

/** A domain as listed at level 1. */
export type GrommunioDomainSummary = {
  ID: number;
  domainname: string; // as stored: IDNA-encoded, ASCII capitals kept
  displayname: string;
  orgID: number;
  maxUser: number;
  activeUsers: number;
  inactiveUsers: number;
  virtualUsers: number;
  title: string;
  address: string;
  adminName: string;
  tel: string;
  endDay: string;
  /** 0 normal, 1 suspended, 2 out of date, 3 deleted (a soft-deleted domain keeps its name). */
  domainStatus: number;
};

/** A domain at level 2 (create answer and detail GET). */
export type GrommunioDomain = GrommunioDomainSummary & {
  syncPolicy: GrommunioSyncPolicy | null;
  chat: boolean;
  homeserver: { ID: number; hostname: string } | null;
};

export type GrommunioDeleted = { deleted: boolean; message?: string };

/** A row of GET /system/roles (level 2): its permissions as grommunio stores them. */
export type GrommunioRole = {
  ID: number;
  name?: string;
  permissions?: Array<{ permission?: string; params?: unknown } | null>;
};
