// Searching and walking 2-D grids with labelled loops.

function findFirst(grid, predicate) {
  let found = null;
  rows: for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < grid[r].length; c++) {
      if (predicate(grid[r][c])) {
        found = { r, c };
        break rows;
      }
    }
  }
  return found;
}

function rowsWithoutNegatives(grid) {
  const result = [];
  outer: for (const [index, row] of grid.entries()) {
    for (const value of row) {
      if (value < 0) {
        continue outer;
      }
    }
    result.push(index);
  }
  return result;
}

function spiral(grid) {
  const out = [];
  let top = 0;
  let bottom = grid.length - 1;
  let left = 0;
  let right = grid[0].length - 1;
  while (top <= bottom && left <= right) {
    for (let c = left; c <= right; c++) out.push(grid[top][c]);
    top++;
    for (let r = top; r <= bottom; r++) out.push(grid[r][right]);
    right--;
    if (top <= bottom) {
      for (let c = right; c >= left; c--) out.push(grid[bottom][c]);
      bottom--;
    }
    if (left <= right) {
      for (let r = bottom; r >= top; r--) out.push(grid[r][left]);
      left++;
    }
  }
  return out;
}

function transpose(grid) {
  return grid[0].map((_, c) => grid.map((row) => row[c]));
}

const grid = [
  [1, 2, 3, 4],
  [5, -6, 7, 8],
  [9, 10, 11, 12],
];

console.log(findFirst(grid, (value) => value > 6));
console.log(rowsWithoutNegatives(grid));
console.log(spiral(grid).join(' '));
console.log(transpose(grid));
