// The HTTP benchmarks' load generator: node:http over a keep-alive agent (one socket per client)
// instead of fetch. The clients run on the same 2 cores as the server, so every millisecond they
// spend is taken from the server; fetch (undici) cost about 1.8 ms of CPU per request here,
// mostly its WHATWG request, response and stream objects (docs/benchmarks/placing.md "The load
// generator on node:http").
// It asks for what fetch asked for (`Accept-Encoding: gzip, deflate`) and unpacks what comes
// back, so the server does the same work as for any ordinary client.
import http from "node:http";
import zlib from "node:zlib";

export type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; text: string };

export function httpClient(baseUrl: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(baseUrl);
  return {
    request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent,
            hostname,
            port,
            method,
            path,
            headers: {
              "accept-encoding": "gzip, deflate",
              ...headers,
              ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("error", reject);
            res.on("end", () => {
              try {
                const raw = Buffer.concat(chunks);
                const enc = res.headers["content-encoding"];
                const plain = enc === "gzip" ? zlib.gunzipSync(raw) : enc === "deflate" ? zlib.inflateSync(raw) : raw;
                resolve({ status: res.statusCode ?? 0, headers: res.headers, text: plain.toString("utf8") });
              } catch (err) {
                reject(err);
              }
            });
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
