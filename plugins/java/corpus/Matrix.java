import java.util.Arrays;

public final class Matrix {
    private final double[][] cells;

    public Matrix(int rows, int cols) {
        cells = new double[rows][cols];
    }

    public static Matrix identity(int size) {
        Matrix m = new Matrix(size, size);
        for (int i = 0; i < size; i++) {
            m.cells[i][i] = 1.0;
        }
        return m;
    }

    public int rows() {
        return cells.length;
    }

    public int cols() {
        return cells[0].length;
    }

    public void set(int row, int col, double value) {
        cells[row][col] = value;
    }

    public Matrix times(Matrix other) {
        if (cols() != other.rows()) {
            throw new IllegalArgumentException("shape mismatch");
        }
        Matrix result = new Matrix(rows(), other.cols());
        for (int i = 0; i < rows(); i++) {
            for (int j = 0; j < other.cols(); j++) {
                double sum = 0;
                for (int k = 0; k < cols(); k++) {
                    sum += cells[i][k] * other.cells[k][j];
                }
                result.cells[i][j] = sum;
            }
        }
        return result;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (double[] row : cells) {
            out.append(Arrays.toString(row)).append('\n');
        }
        return out.toString();
    }

    public static void main(String[] args) {
        Matrix a = new Matrix(2, 2);
        a.set(0, 0, 1);
        a.set(0, 1, 2);
        a.set(1, 0, 3);
        a.set(1, 1, 4);
        System.out.print(a.times(identity(2)));
    }
}
