namespace Geometry {
  export interface Point {
    x: number;
    y: number;
  }

  export function distance(a: Point, b: Point): number {
    const dx = a.x - b.x;
    const dy = a.y - b.y;
    return Math.sqrt(dx * dx + dy * dy);
  }

  export namespace Polygon {
    export function perimeter(points: Point[]): number {
      let sum = 0;
      for (let i = 0; i < points.length; i++) {
        const next = points[(i + 1) % points.length];
        sum += distance(points[i], next);
      }
      return sum;
    }
  }
}

const square: Geometry.Point[] = [
  { x: 0, y: 0 },
  { x: 1, y: 0 },
  { x: 1, y: 1 },
  { x: 0, y: 1 },
];

console.log(Geometry.Polygon.perimeter(square));
