// Claims our JWT sessions carry (lib/auth/options.ts).
import type { Role } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/users/queries";

declare module "next-auth" {
  interface User {
    id: string;
    role: Role;
    resellerId: string | null;
    resellerSlug: string | null;
    sessionVersion: number;
    sessionId: string;
  }
  interface Session {
    sessionVersion: number;
    sessionId: string;
    /** The account's identity as signed in; preferences and checks are read per request. */
    user: Pick<SessionUser, "id" | "email" | "name" | "role" | "resellerId" | "resellerSlug">;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    role?: Role;
    resellerId?: string | null;
    resellerSlug?: string | null;
    sessionVersion?: number;
    /** The user_session row (lib/auth/sessions.ts). */
    sid?: string;
  }
}
