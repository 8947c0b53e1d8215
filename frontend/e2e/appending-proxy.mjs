// A stand-in for a cloud load balancer in the browser tests: forwards everything to the Next.js server and
// *appends* the address it saw to X-Forwarded-For, keeping whatever the client sent in front of it.
// It connects to Next.js from 127.0.0.2, so Next.js's socket peer (the proxy) differs from the client's address.
//   node e2e/appending-proxy.mjs <listen port> <Next.js port>
import { createServer, request } from "node:http";

const [listenPort, targetPort] = process.argv.slice(2).map(Number);

const server = createServer((incoming, outgoing) => {
  const forwardedFor = incoming.headers["x-forwarded-for"];
  const headers = {
    ...incoming.headers,
    "x-forwarded-for": [forwardedFor, incoming.socket.remoteAddress].filter(Boolean).join(", "),
  };
  const upstream = request(
    {
      host: "127.0.0.1",
      port: targetPort,
      localAddress: "127.0.0.2",
      method: incoming.method,
      path: incoming.url,
      headers,
    },
    (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.rawHeaders);
      response.pipe(outgoing);
    },
  );
  upstream.on("error", () => {
    if (!outgoing.headersSent) outgoing.writeHead(502);
    outgoing.end();
  });
  incoming.pipe(upstream);
});

server.listen(listenPort, "127.0.0.1");
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
