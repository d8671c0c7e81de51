type TokenKind = "number" | "ident" | "op" | "lparen" | "rparen";

interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
}

const OPERATORS = new Set(["+", "-", "*", "/", "^"]);

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input[i];
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(char)) {
      while (i < input.length && /[0-9.]/.test(input[i])) {
        i++;
      }
      tokens.push({ kind: "number", text: input.slice(start, i), offset: start });
    } else if (/[a-z_]/i.test(char)) {
      while (i < input.length && /\w/.test(input[i])) {
        i++;
      }
      tokens.push({ kind: "ident", text: input.slice(start, i), offset: start });
    } else if (OPERATORS.has(char)) {
      tokens.push({ kind: "op", text: char, offset: i++ });
    } else if (char === "(" || char === ")") {
      tokens.push({ kind: char === "(" ? "lparen" : "rparen", text: char, offset: i++ });
    } else {
      throw new SyntaxError(`unexpected ${JSON.stringify(char)} at ${i}`);
    }
  }
  return tokens;
}

console.log(tokenize("2 * (x + 3.5) ^ y").map((t) => `${t.kind}:${t.text}`).join(" "));
