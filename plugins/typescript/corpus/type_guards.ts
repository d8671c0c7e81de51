type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface User {
  id: number;
  name: string;
  email?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isUser(value: unknown): value is User {
  if (!isRecord(value)) {
    return false;
  }
  const { id, name, email } = value;
  return (
    typeof id === "number" &&
    typeof name === "string" &&
    (email === undefined || typeof email === "string")
  );
}

function parseUsers(text: string): User[] {
  const data: Json = JSON.parse(text);
  if (!Array.isArray(data)) {
    throw new TypeError("expected an array");
  }
  return data.filter(isUser);
}

function describe(value: string | number | Date): string {
  if (typeof value === "string") {
    return `text(${value.length})`;
  } else if (value instanceof Date) {
    return `date(${value.getTime()})`;
  }
  return `number(${value.toFixed(1)})`;
}

const users = parseUsers('[{"id": 1, "name": "Ada"}, {"id": "x"}]');
console.log(users.map((user) => user.name), describe(3), describe("abc"));
