// An independent judge for `lintseq-x verify`: V8's own parser, as `node --check` uses it, in one
// long-lived process instead of a node process per state. Shares nothing with checker.mjs (no
// espree, no acorn).
//
// Usage: node --experimental-vm-modules --no-warnings v8check.mjs [node_modules prefix]
// Protocol (core/helper_process.py): {"source": "...", "mode": "auto" | "module" | "commonjs"}
// per stdin line; {"errors": [...]} per stdout line (empty when V8 accepts the program). With
// `"lower": true` instead, V8 is not asked: see `check`.
//
// `node --check` compiles an ES module with V8's module parser and a CommonJS file as the body
// of node's module wrapper function (so top-level `return` passes and `const require` fails).
// Mode "auto" accepts what either accepts, as node does for a .js file whose syntax is an ES
// module's. Compiling never runs the program: a module is not linked or evaluated, and the
// wrapper function is never called.
//
// JSX (.jsx files, and .js files of React code) is not JavaScript to V8: every state would fail
// at its first `<`. When V8 rejects a program and the prefix holds the `typescript` package,
// TypeScript's parser (not acorn, which the checker's espree is built on) reads it as JSX. A
// program with JSX in it is judged by that parser's syntax errors and then, its JSX lowered to
// `React.createElement(...)` calls by TypeScript (nothing else changes: an ESNext target, imports
// and exports kept), by V8 again: the early errors (`let a; let a;`, `break` outside a loop)
// remain V8's to find. A program without JSX keeps V8's verdict on its own text.

import vm from "node:vm";

import { requireFrom, serve } from "../../core/toolkit/node/helper_loop.mjs";

const WRAPPER_PARAMETERS = ["exports", "require", "module", "__filename", "__dirname"];

function compile(source, mode) {
  if (mode === "module") new vm.SourceTextModule(source, { identifier: "state.mjs" });
  else vm.compileFunction(source, WRAPPER_PARAMETERS, { filename: "state.cjs" });
}

function compileErrors(source, modes) {
  const errors = [];
  for (const mode of modes) {
    try {
      compile(source, mode);
      return [];
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
  return errors;
}

// TypeScript, from the prefix named on the command line, loaded when a program first needs it
// (plain JavaScript never does); null where it is not installed.
let ts;
function typeScript() {
  if (ts === undefined) {
    ts = null;
    if (process.argv[2]) {
      try {
        ts = requireFrom(process.argv[2])("typescript");
      } catch {
        // no JSX parser here: V8's verdict stands
      }
    }
  }
  return ts;
}

function hasJsx(ts, node) {
  if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) return true;
  return Boolean(ts.forEachChild(node, (child) => hasJsx(ts, child) || undefined));
}

// A program with JSX: TypeScript's syntax errors, or the program with its JSX lowered to
// plain JavaScript; null when it has no JSX.
function lowerJsx(source) {
  const file = ts.createSourceFile("state.jsx", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JSX);
  if (!hasJsx(ts, file)) return null;
  if (file.parseDiagnostics.length > 0) {
    return {
      errors: file.parseDiagnostics.map((diagnostic) => ({
        line: file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1,
        code: "SyntaxError",
        message: `JSX (TypeScript's parser): ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`,
        fatal: true,
      })),
    };
  }
  // The classic runtime's `React.createElement` adds no import: a CommonJS program stays one.
  const lowered = ts.transpileModule(source, {
    fileName: "state.jsx",
    compilerOptions: { jsx: ts.JsxEmit.React, target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.Preserve, allowJs: true },
  }).outputText;
  return { errors: [], lowered };
}

// A program's JSX judged by TypeScript's parser, then lowered for V8; null when it has none.
function jsxErrors(source, modes) {
  const jsx = lowerJsx(source);
  if (jsx === null || jsx.errors.length > 0) return jsx && jsx.errors;
  return compileErrors(jsx.lowered, modes).map((error) => ({
    ...error,
    message: `${error.message} (in the program with its JSX lowered by TypeScript; lines may differ)`,
  }));
}

function check(request) {
  const source = String(request.source ?? "");
  // `"lower": true` asks for the program with its JSX lowered (`lowered`: null when it has
  // none, or no TypeScript is here), for `node --check` itself (verify --strict).
  if (request.lower) {
    const jsx = typeScript() === null ? null : lowerJsx(source);
    return { errors: jsx ? jsx.errors : [], lowered: jsx ? jsx.lowered ?? null : null };
  }
  const modes = request.mode === "module" || request.mode === "commonjs" ? [request.mode] : ["module", "commonjs"];
  const errors = compileErrors(source, modes);
  // V8 accepts no JSX at all: only a program it rejects can hold some (one it could not parse
  // for its depth, TypeScript's recursive parser cannot either).
  if (!errors.some((error) => error.code === "SyntaxError") || typeScript() === null) return { errors };
  try {
    return { errors: jsxErrors(source, modes) ?? errors };
  } catch (error) {
    if (error instanceof RangeError) return { errors };
    throw error;
  }
}

serve(check);
