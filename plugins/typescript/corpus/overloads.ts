function pad(value: string, width: number): string;
function pad(value: number, width: number, fill?: string): string;
function pad(value: string | number, width: number, fill = " "): string {
  const text = String(value);
  if (text.length >= width) {
    return text;
  }
  return fill.repeat(width - text.length) + text;
}

class Matrix {
  private readonly cells: number[];

  constructor(readonly rows: number, readonly cols: number) {
    this.cells = new Array(rows * cols).fill(0);
  }

  get(row: number, col: number): number {
    return this.cells[row * this.cols + col];
  }

  set(row: number, col: number, value: number): void {
    this.cells[row * this.cols + col] = value;
  }

  scale(factor: number): Matrix;
  scale(factor: Matrix): Matrix;
  scale(factor: number | Matrix): Matrix {
    const out = new Matrix(this.rows, this.cols);
    for (let i = 0; i < this.cells.length; i++) {
      const by = typeof factor === "number" ? factor : factor.cells[i];
      out.cells[i] = this.cells[i] * by;
    }
    return out;
  }

  toString(): string {
    const lines: string[] = [];
    for (let r = 0; r < this.rows; r++) {
      const row: string[] = [];
      for (let c = 0; c < this.cols; c++) {
        row.push(pad(this.get(r, c), 4));
      }
      lines.push(row.join(""));
    }
    return lines.join("\n");
  }
}

const m = new Matrix(2, 2);
m.set(0, 0, 1);
m.set(1, 1, 2);
console.log(m.scale(3).toString(), pad("x", 3));
