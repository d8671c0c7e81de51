// The TypeScript checker's helper: @typescript-eslint/typescript-estree parses (TypeScript's own
// parser underneath), @typescript-eslint/scope-manager resolves names, values and types alike.
//
// Usage: node checker.mjs <directory holding node_modules/@typescript-eslint/... and typescript>
// Protocol (core/helper_process.py): one JSON request per stdin line,
//   {"source": "...", "jsx": bool, "declared": ["name", ...], "describe": bool}
// and one JSON reply per stdout line,
//   {"errors": [{"line": N, "code": "...", "message": "...", "fatal": bool}],
//    "declared": [...names the source declares, only when `describe` was asked and it parses]}.
//
// Errors:
// - syntax errors: every diagnostic of TypeScript's parser (typescript-estree throws the first),
//   fatal;
// - references, in value or in type position, to a name that the program declares somewhere
//   (or that the request lists in `declared`) but that no declaration in scope resolves (a
//   name of the scope manager's libs does not count as one: `Scheduler` imported, then used
//   as a type after the import is deleted, is an error although lib `dom` has a `Scheduler`)
//   (tsc: TS2304 "Cannot find name", TS2503 "Cannot find namespace", TS18004 for `{ name }`,
//   TS2693/TS2749 when only the type or only the value of a name is left);
// - overload signatures whose implementation is gone (tsc: TS2391);
// - a derived class's constructor without a `super(...)` call (tsc: TS2377).
// Not errors: type errors (the type checker is never run), unused names, and names the
// program never declares (globals, ambient or imported from elsewhere).
//
// Every state is parsed as an ES module, as tsc judges it with `--moduleDetection force`.

import { requireFrom, serve } from "../../core/toolkit/node/helper_loop.mjs";

const prefix = process.argv[2];
if (!prefix) {
  process.stderr.write("usage: node checker.mjs <node_modules prefix>\n");
  process.exit(2);
}
const require = requireFrom(prefix);
const estree = require("@typescript-eslint/typescript-estree");
const scopeManager = require("@typescript-eslint/scope-manager");

// As in the JavaScript helper: where the parser stopped is not always where the program broke.
// When a state loses the last line of a multi-line expression (`const ok = a &&` / `b;`), the
// parser complains at the first token of the next statement (or at the end of the file), and
// blaming that line would make the sampler delete innocent statements one by one. So an error
// at the first token of a line, when that token can start a statement, or at the end of the
// input, blames the previous line that holds code.
const STARTS_STATEMENT = /[\p{L}\p{Nl}$_\\0-9{}'"`#@]/u;

function previousCodeLine(source, lineStart) {
  const lines = source.slice(0, lineStart).split("\n");
  lines.pop();
  for (let row = lines.length - 1; row >= 0; row--) {
    const text = lines[row].trim();
    if (text !== "" && !text.startsWith("//") && !text.startsWith("*") && !text.startsWith("/*")) return row + 1;
  }
  return null;
}

function blamedLine(source, error) {
  const index = Math.min(error.index ?? 0, source.length);
  const lineStart = source.lastIndexOf("\n", index - 1) + 1;
  if (source.slice(lineStart, index).trim() !== "") return error.lineNumber;
  if (index < source.length && !STARTS_STATEMENT.test(source[index])) return error.lineNumber;
  return previousCodeLine(source, lineStart) ?? error.lineNumber;
}

function syntaxError(source, error) {
  if (typeof error.lineNumber === "number") {
    return { line: blamedLine(source, error), code: "SyntaxError", message: error.message, fatal: true };
  }
  if (error instanceof RangeError) {
    return { line: 1, code: "SyntaxError", message: `too deeply nested to parse (${error.message})`, fatal: true };
  }
  throw error;
}

function parse(source, jsx) {
  return estree.parse(source, {
    jsx,
    loc: true,
    range: true,
    comment: false,
    tokens: false,
    allowInvalidAST: false,
    errorOnUnknownASTType: false,
    suppressDeprecatedPropertyWarnings: true,
  });
}

// `declare global { ... }` and `declare module "x" { ... }` declare names that live elsewhere
// (the global scope, another module): they are external, like a lib's names.
function isAmbientModule(scope) {
  for (let s = scope; s; s = s.upper) {
    const block = s.block;
    if (block && block.type === "TSModuleDeclaration" && (block.kind === "global" || block.id?.type === "Literal")) {
      return true;
    }
  }
  return false;
}

function declaredNames(manager) {
  const declared = new Set();
  for (const scope of manager.scopes) {
    if (isAmbientModule(scope)) continue;
    for (const variable of scope.variables) {
      if (variable.defs.length > 0) declared.add(variable.name); // not lib names or `arguments`
    }
  }
  return declared;
}

function unresolvedReferences(manager, extraDeclared) {
  const declared = declaredNames(manager);
  for (const name of extraDeclared) declared.add(name);
  const errors = [];
  // A reference the scope manager resolved to one of its lib's names (`Scheduler`, `Event`,
  // `name`) is not resolved by a declaration of the program: when the program declares that
  // name itself (an import that a state deleted), the state has lost it. tsc's libs need not
  // have the same names (scope-manager's `dom` knows `Scheduler`, TypeScript 5.9's does not),
  // and a program that brings its own `Event` means its own in every state.
  const toLib = [];
  for (const variable of manager.globalScope.variables) {
    if (variable.defs.length === 0 && declared.has(variable.name)) toLib.push(...variable.references);
  }
  for (const reference of [...manager.globalScope.through, ...toLib]) {
    const name = reference.identifier.name;
    if (!declared.has(name)) continue; // external: a global, a lib name, an ambient declaration
    const kind = reference.isTypeReference && !reference.isValueReference ? "type" : "name";
    errors.push({
      line: reference.identifier.loc.start.line,
      code: "UndefinedName",
      message: `${kind} '${name}' is not declared in this scope (the program declares it elsewhere)`,
      fatal: false,
    });
  }
  return errors;
}

// Statement lists in which overloads and their implementation must stand together.
function* statementLists(node) {
  const stack = [node];
  while (stack.length) {
    const current = stack.pop();
    if (!current || typeof current !== "object") continue;
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
      continue;
    }
    if (typeof current.type !== "string") continue;
    // Inside `declare namespace` / `declare module` / `declare global` everything is ambient.
    if (current.type === "TSModuleDeclaration" && (current.declare || current.kind === "global")) continue;
    if (current.type === "Program" || current.type === "BlockStatement" || current.type === "TSModuleBlock") {
      yield { body: current.body, cls: false };
    } else if (current.type === "ClassBody") {
      yield { body: current.body, cls: true };
    }
    for (const key of Object.keys(current)) {
      if (key === "parent" || key === "loc" || key === "range") continue;
      const child = current[key];
      if (child && typeof child === "object") stack.push(child);
    }
  }
}

function unwrap(statement) {
  if ((statement.type === "ExportNamedDeclaration" || statement.type === "ExportDefaultDeclaration") && statement.declaration) {
    return statement.declaration;
  }
  return statement;
}

function memberKey(member) {
  if (!member.key || member.computed) return null;
  const key = member.key.type === "Identifier" ? member.key.name : String(member.key.value ?? "");
  return `${member.static ? "static " : ""}${member.kind === "constructor" ? "constructor" : key}`;
}

// TS2391: "Function implementation is missing or not immediately following the declaration."
function missingImplementations(program) {
  const errors = [];
  for (const { body, cls } of statementLists(program)) {
    for (let i = 0; i < body.length; i++) {
      const node = cls ? body[i] : unwrap(body[i]);
      let name = null;
      if (cls) {
        if (node.type === "TSAbstractMethodDefinition" || node.type !== "MethodDefinition") continue;
        if (node.value?.type !== "TSEmptyBodyFunctionExpression" || node.value.declare) continue;
        name = memberKey(node);
      } else {
        if (node.type !== "TSDeclareFunction" || node.declare || !node.id) continue;
        name = node.id.name;
      }
      if (name === null) continue;
      const next = i + 1 < body.length ? (cls ? body[i + 1] : unwrap(body[i + 1])) : null;
      const continues = next && (cls
        ? next.type === "MethodDefinition" && memberKey(next) === name
        : (next.type === "TSDeclareFunction" || next.type === "FunctionDeclaration") && next.id?.name === name);
      if (!continues) {
        errors.push({
          line: node.loc.start.line,
          code: "MissingImplementation",
          message: `the overload signature '${name}' has no implementation after it`,
          fatal: false,
        });
      }
    }
  }
  return errors;
}

function containsSuperCall(node) {
  const stack = [node];
  while (stack.length) {
    const current = stack.pop();
    if (!current || typeof current !== "object") continue;
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
      continue;
    }
    if (current.type === "CallExpression" && current.callee?.type === "Super") return true;
    // A nested function or class has its own `super`.
    if (current !== node && /^(FunctionDeclaration|FunctionExpression|ClassDeclaration|ClassExpression)$/.test(current.type ?? "")) continue;
    for (const key of Object.keys(current)) {
      if (key === "parent" || key === "loc" || key === "range") continue;
      const child = current[key];
      if (child && typeof child === "object") stack.push(child);
    }
  }
  return false;
}

// TS2377: "Constructors for derived classes must contain a 'super' call."
function missingSuperCalls(program) {
  const errors = [];
  const stack = [program];
  while (stack.length) {
    const current = stack.pop();
    if (!current || typeof current !== "object") continue;
    if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
      continue;
    }
    if ((current.type === "ClassDeclaration" || current.type === "ClassExpression") && current.superClass
        && !(current.superClass.type === "Literal" && current.superClass.value === null) && !current.declare) {
      for (const member of current.body.body) {
        if (member.type === "MethodDefinition" && member.kind === "constructor" && member.value?.body
            && !containsSuperCall(member.value.body)) {
          errors.push({
            line: member.loc.start.line,
            code: "MissingSuperCall",
            message: "the constructor of a derived class has no super(...) call",
            fatal: false,
          });
        }
      }
    }
    for (const key of Object.keys(current)) {
      if (key === "parent" || key === "loc" || key === "range") continue;
      const child = current[key];
      if (child && typeof child === "object") stack.push(child);
    }
  }
  return errors;
}

function check(request) {
  const source = String(request.source ?? "");
  let ast;
  try {
    ast = parse(source, Boolean(request.jsx));
  } catch (error) {
    return { errors: [syntaxError(source, error)] };
  }
  const manager = scopeManager.analyze(ast, {
    sourceType: "module",
    jsxPragma: null, // JSX names no implicit `React`
    lib: ["esnext", "dom"],
  });
  const errors = [
    ...unresolvedReferences(manager, request.declared ?? []),
    ...missingImplementations(ast),
    ...missingSuperCalls(ast),
  ];
  errors.sort((a, b) => a.line - b.line);
  const reply = { errors };
  if (request.describe) reply.declared = [...declaredNames(manager)].sort();
  return reply;
}

serve(check);
