// The request loop every node helper of a plugin runs (JavaScript's and TypeScript's checkers,
// the `node --check` judge), speaking the protocol of core/toolkit/helper_process.py: one JSON
// request per stdin line, one JSON reply per stdout line. Shipped with the core; a built-in
// plugin's helper imports it as "../../core/toolkit/node/helper_loop.mjs".

import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

// `require` for the npm packages installed under `prefix` (the user cache of core/toolkit/npm.py).
export function requireFrom(prefix) {
  return createRequire(path.join(path.resolve(prefix), "package.json"));
}

// Answer each request with `check(request)`, in order, until stdin closes.
export function serve(check) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    let reply;
    try {
      reply = check(JSON.parse(line));
    } catch (error) {
      // A bug here, not in the program: say so instead of inventing a diagnostic.
      reply = { error: `${error && error.stack ? error.stack.split("\n").slice(0, 3).join(" ") : error}` };
    }
    process.stdout.write(JSON.stringify(reply) + "\n");
  });
}
