export type Result<T, E = Error> =
  | { ok: true; value: T }
  | { ok: false; error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}

export function map<T, U, E>(result: Result<T, E>, fn: (value: T) => U): Result<U, E> {
  return result.ok ? ok(fn(result.value)) : result;
}

function parseNumber(text: string): Result<number, string> {
  const value = Number(text);
  if (Number.isNaN(value)) {
    return err(`not a number: ${text}`);
  }
  return ok(value);
}

function unwrapOr<T, E>(result: Result<T, E>, fallback: T): T {
  if (result.ok) {
    return result.value;
  }
  return fallback;
}

const inputs = ["1", "2.5", "x"];
const doubled = inputs.map((text) => map(parseNumber(text), (n) => n * 2));
console.log(doubled.map((result) => unwrapOr(result, -1)));
