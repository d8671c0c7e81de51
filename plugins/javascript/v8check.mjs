// An independent judge for `lintseq-x verify`: V8's own parser, as `node --check` uses it, in one
// long-lived process instead of a node process per state. Shares nothing with checker.mjs (no
// espree, no npm packages).
//
// Usage: node --experimental-vm-modules --no-warnings v8check.mjs
// Protocol (core/helper_process.py): {"source": "...", "mode": "auto" | "module" | "commonjs"}
// per stdin line; {"errors": [...]} per stdout line (empty when V8 accepts the program).
//
// `node --check` compiles an ES module with V8's module parser and a CommonJS file as the body
// of node's module wrapper function (so top-level `return` passes and `const require` fails).
// Mode "auto" accepts what either accepts, as node does for a .js file whose syntax is an ES
// module's. Compiling never runs the program: a module is not linked or evaluated, and the
// wrapper function is never called.

import readline from "node:readline";
import vm from "node:vm";

const WRAPPER_PARAMETERS = ["exports", "require", "module", "__filename", "__dirname"];

function compile(source, mode) {
  if (mode === "module") new vm.SourceTextModule(source, { identifier: "state.mjs" });
  else vm.compileFunction(source, WRAPPER_PARAMETERS, { filename: "state.cjs" });
}

function check(request) {
  const source = String(request.source ?? "");
  const modes = request.mode === "module" || request.mode === "commonjs" ? [request.mode] : ["module", "commonjs"];
  const errors = [];
  for (const mode of modes) {
    try {
      compile(source, mode);
      return { errors: [], mode };
    } catch (error) {
      if (error instanceof RangeError) {
        // V8's parser recurses: nesting thousands deep overflows the stack, and node cannot
        // compile the program at all, which is what `node --check` would report.
        errors.push({ line: 1, code: "TooDeep", message: `${mode}: too deeply nested for V8 (${error.message})`, fatal: true });
        continue;
      }
      if (!(error instanceof SyntaxError)) throw error;
      const at = /^state\.\w+:(\d+)/.exec(String(error.stack));
      const line = at ? Number(at[1]) : 1;
      errors.push({ line, code: "SyntaxError", message: `${mode}: ${error.message}`, fatal: true });
    }
  }
  return { errors };
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  let reply;
  try {
    reply = check(JSON.parse(line));
  } catch (error) {
    reply = { error: String(error && error.stack ? error.stack.split("\n").slice(0, 3).join(" ") : error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
