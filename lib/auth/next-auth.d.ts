// Claims our JWT sessions carry (lib/auth/options.ts).
import type { Role } from "@/lib/generated/prisma/enums";

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
    user: {
      id: string;
      email: string;
      name: string;
      role: Role;
      resellerId: string | null;
      resellerSlug: string | null;
    };
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
