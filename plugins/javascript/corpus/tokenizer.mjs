/**
 * An arithmetic tokenizer (a generator over sticky regexes) and a
 * precedence-climbing evaluator.
 */
const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_]\w*)|(\*\*|[-+*/%()^,]))/y;

export function* tokenize(text) {
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (/^\s*$/.test(text.slice(start))) return;
      throw new SyntaxError(`unexpected character at ${start}: ${text[start]}`);
    }
    const [, number, name, op] = match;
    if (number !== undefined) yield { type: 'num', value: Number(number) };
    else if (name !== undefined) yield { type: 'name', value: name };
    else yield { type: 'op', value: op };
  }
}

const PRECEDENCE = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2, '**': 3 };

export function evaluate(text, variables = {}) {
  const tokens = [...tokenize(text)];
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];

  function primary() {
    const token = next();
    switch (token?.type) {
      case 'num':
        return token.value;
      case 'name':
        if (!(token.value in variables)) throw new ReferenceError(`unknown variable ${token.value}`);
        return variables[token.value];
      case 'op':
        if (token.value === '(') {
          const value = expression(0);
          next();
          return value;
        }
        if (token.value === '-') return -primary();
      // falls through
      default:
        throw new SyntaxError(`unexpected token ${JSON.stringify(token)}`);
    }
  }

  function expression(minimum) {
    let left = primary();
    for (let token = peek(); token && token.value in PRECEDENCE; token = peek()) {
      const precedence = PRECEDENCE[token.value];
      if (precedence < minimum) break;
      next();
      const right = expression(token.value === '**' ? precedence : precedence + 1);
      switch (token.value) {
        case '+': left += right; break;
        case '-': left -= right; break;
        case '*': left *= right; break;
        case '/': left /= right; break;
        case '%': left %= right; break;
        case '**': left **= right; break;
      }
    }
    return left;
  }

  return expression(0);
}

for (const source of ['1 + 2 * 3', '(1 + 2) * 3', '2 ** 3 ** 2', 'rate * hours - 5', '-4 % 3']) {
  console.log(source, '=', evaluate(source, { rate: 12.5, hours: 8 }));
}
