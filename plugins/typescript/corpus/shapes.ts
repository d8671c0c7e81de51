// Discriminated unions and exhaustive switches.
interface Circle {
  kind: "circle";
  radius: number;
}

interface Rectangle {
  kind: "rectangle";
  width: number;
  height: number;
}

interface Triangle {
  kind: "triangle";
  base: number;
  height: number;
}

type Shape = Circle | Rectangle | Triangle;

function assertNever(value: never): never {
  throw new Error(`unexpected shape: ${JSON.stringify(value)}`);
}

export function area(shape: Shape): number {
  switch (shape.kind) {
    case "circle":
      return Math.PI * shape.radius ** 2;
    case "rectangle":
      return shape.width * shape.height;
    case "triangle":
      return (shape.base * shape.height) / 2;
    default:
      return assertNever(shape);
  }
}

export function totalArea(shapes: readonly Shape[]): number {
  let total = 0;
  for (const shape of shapes) {
    total += area(shape);
  }
  return total;
}

const sample: Shape[] = [
  { kind: "circle", radius: 1 },
  { kind: "rectangle", width: 2, height: 3 },
  { kind: "triangle", base: 4, height: 5 },
];
console.log(totalArea(sample).toFixed(2));
