// next-auth's endpoints (csrf, sign-in callback, session, sign-out). Options are built per call
// because env() must not run at build time.

import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: NextRequest, context: Context): Promise<Response> {
  return NextAuth(req, context, authOptions());
}

export { handler as GET, handler as POST };
