// A backend that accepts every request and never answers, like Django with every worker stuck. GET
// /__e2e/requests answers how many requests it has swallowed, so a test can see that "Try again" asked again.
import { createServer } from "node:http";

const port = Number(process.env.E2E_BACKEND_PORT);
let swallowed = 0;

createServer((request, response) => {
  if (request.url === "/__e2e/requests") {
    response
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify({ swallowed }));
    return;
  }
  swallowed += 1;
  // Left open: the caller's own timeout is what ends it.
}).listen(port, "localhost");
