export type Vector = readonly number[];
export type Grid = readonly Vector[];

export function zeros(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function multiply(a: Grid, b: Grid): number[][] {
  if (a[0].length !== b.length) {
    throw new Error(`shape mismatch: ${a[0].length} vs ${b.length}`);
  }
  const out = zeros(a.length, b[0].length);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b[0].length; j++) {
      let sum = 0;
      for (let k = 0; k < b.length; k++) {
        sum += a[i][k] * b[k][j];
      }
      out[i][j] = sum;
    }
  }
  return out;
}

export function transpose<T>(grid: readonly (readonly T[])[]): T[][] {
  return grid[0].map((_, col) => grid.map((row) => row[col]));
}

const dot = (a: Vector, b: Vector): number => a.reduce((sum, x, i) => sum + x * b[i], 0);

const identity: Grid = [
  [1, 0],
  [0, 1],
];
const data: Grid = [
  [1, 2],
  [3, 4],
];
console.log(multiply(data, identity), transpose(data), dot([1, 2], [3, 4]));
