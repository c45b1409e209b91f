// Run as its own process by tests/integration/readiness-redis-away.test.ts, with REDIS_URL aimed at
// a port nothing listens on: prints what the web's readiness route and the worker's readiness
// check answer, as JSON on one line.
import { GET } from "@/app/api/health/ready/route";
import { checkReadiness } from "@/lib/health/readiness";

const web = await GET();
const worker = await checkReadiness();
console.log(JSON.stringify({ web: { status: web.status, body: await web.json() }, worker }));
process.exit(0);
