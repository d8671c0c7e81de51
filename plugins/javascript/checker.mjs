// The JavaScript checker's helper: espree (acorn) parses, eslint-scope resolves names.
//
// Usage: node checker.mjs <directory holding node_modules/espree and node_modules/eslint-scope>
// Protocol (core/helper_process.py): one JSON request per stdin line,
//   {"source": "...", "mode": "auto" | "module" | "script", "declared": ["name", ...], "describe": bool}
// and one JSON reply per stdout line,
//   {"errors": [{"line": N, "code": "...", "message": "...", "fatal": bool}], "mode": "module",
//    "declared": [...names the source declares, only when `describe` was asked and it parses]}.
//
// Errors: syntax errors, including acorn's early errors (`let x; let x;`, `break`/`continue`
// outside a loop, `return` outside a function, duplicate exports), all fatal; and references
// to a name that the program declares somewhere (or that the request lists in `declared`) but
// that no declaration in scope resolves, JSX component names (`<Button />`, `<Form.Field>`)
// included. Names the program never declares are external
// (`console`, `require`, `window`) and fine; unused names are fine.
//
// Mode "auto" parses as an ES module first and, if that fails, as a script: ES modules and
// CommonJS/browser scripts both occur in real code, and a file's text is all we are given.
// When both fail, the error of the parse that got farther is reported (a module's `import`
// stops the script parse on line 1; a script's `with` or `var package` stops the module parse
// early), so the line blamed is the one a person would blame.

import { requireFrom, serve } from "../../core/toolkit/node/helper_loop.mjs";

const prefix = process.argv[2];
if (!prefix) {
  process.stderr.write("usage: node checker.mjs <node_modules prefix>\n");
  process.exit(2);
}
const require = requireFrom(prefix);
const espree = require("espree");
const eslintScope = require("eslint-scope");

const PARSE_OPTIONS = {
  ecmaVersion: "latest",
  range: true,
  loc: true,
  // JSX is a superset here (`<` cannot start an expression in plain JS), and .jsx files exist.
  ecmaFeatures: { jsx: true, globalReturn: false },
};

function parse(source, sourceType) {
  return espree.parse(source, { ...PARSE_OPTIONS, sourceType });
}

// Where the parser stopped is not always where the program broke. When a state loses the last
// line of a multi-line expression (`const ok = a &&` / `b;`, `(x) =>` / `x * 2;`), the parser
// only notices at the first token of the next statement, and blaming that line would make the
// sampler delete an innocent statement, then the next, and so on. So an unexpected token that
// starts a line (an identifier, keyword, literal or brace, or the end of input) blames the
// previous line that holds code. A token that continues an expression (`? : . , ) ]`, an
// operator) is blamed where it stands: that line is the one out of place.
const STARTS_STATEMENT = /[\p{L}\p{Nl}$_\\0-9{}'"`#@]/u;

function blamedLine(source, error) {
  const index = Math.min(error.index ?? 0, source.length);
  if (!error.message.startsWith("Unexpected token")) return error.lineNumber;
  const lineStart = source.lastIndexOf("\n", index - 1) + 1;
  if (source.slice(lineStart, index).trim() !== "") return error.lineNumber;
  if (index < source.length && !STARTS_STATEMENT.test(source[index])) return error.lineNumber;
  const lines = source.slice(0, lineStart).split("\n");
  lines.pop(); // the text after the last newline before the token: empty
  for (let row = lines.length - 1; row >= 0; row--) {
    const text = lines[row].trim();
    if (text !== "" && !text.startsWith("//") && !text.startsWith("*") && !text.startsWith("/*")) return row + 1;
  }
  return error.lineNumber;
}

function syntaxError(source, error) {
  if (typeof error.lineNumber === "number") {
    const line = blamedLine(source, error);
    return { line, code: "SyntaxError", message: error.message, fatal: true, index: error.index ?? 0 };
  }
  if (error instanceof RangeError) {
    // acorn recurses; absurd nesting overflows the stack. The program cannot be judged: fatal.
    const message = `too deeply nested to parse (${error.message})`;
    return { line: 1, code: "SyntaxError", message, fatal: true, index: 0 };
  }
  throw error;
}

function parseWithMode(source, mode) {
  const modes = mode === "module" || mode === "script" ? [mode] : ["module", "script"];
  const failures = [];
  for (const sourceType of modes) {
    try {
      return { ast: parse(source, sourceType), sourceType };
    } catch (error) {
      failures.push(syntaxError(source, error));
    }
  }
  // The parse that got farther names the real culprit; ties go to the module parse.
  const best = failures.reduce((a, b) => (b.index > a.index ? b : a));
  delete best.index;
  return { error: best, sourceType: modes[failures.indexOf(best)] };
}

function declaredNames(manager) {
  const declared = new Set();
  for (const scope of manager.scopes) {
    for (const variable of scope.variables) {
      if (variable.defs.length > 0) declared.add(variable.name); // not implicit `arguments`
    }
  }
  return declared;
}

function unresolvedReferences(manager, extraDeclared) {
  const declared = declaredNames(manager);
  for (const name of extraDeclared) declared.add(name);
  const global = manager.globalScope;
  const errors = [];
  for (const reference of global.through) {
    const name = reference.identifier.name;
    if (!declared.has(name)) continue; // external: a global or a host-provided name
    // A script's top-level `var` and function declarations live in the global object, which
    // eslint-scope resolves at run time: they reach every reference in the program.
    const own = global.set.get(name);
    if (own && own.defs.length > 0) continue;
    errors.push({
      line: reference.identifier.loc.start.line,
      code: "UndefinedName",
      message: `'${name}' is not declared in this scope (the program declares it elsewhere)`,
      fatal: false,
    });
  }
  return errors;
}

function check(request) {
  const source = String(request.source ?? "");
  const parsed = parseWithMode(source, request.mode);
  if (parsed.error) return { errors: [parsed.error], mode: parsed.sourceType };
  const manager = eslintScope.analyze(parsed.ast, {
    ecmaVersion: 2022,
    sourceType: parsed.sourceType,
    childVisitorKeys: espree.VisitorKeys,
    fallback: "iteration",
    // JSX element names are references like any other: `<Button />` and `<Form.Field>` use
    // `Button` and `Form`, so a state that deleted `function Button` must not keep them.
    // (Lower-case names, `<div>`, and namespaced ones, `<svg:rect>`, are intrinsic elements.)
    jsx: true,
  });
  const errors = unresolvedReferences(manager, request.declared ?? []);
  errors.sort((a, b) => a.line - b.line);
  const reply = { errors, mode: parsed.sourceType };
  // `describe`: what a checker bound to this program needs (JavaScriptChecker.begin).
  if (request.describe) reply.declared = [...declaredNames(manager)].sort();
  return reply;
}

serve(check);
