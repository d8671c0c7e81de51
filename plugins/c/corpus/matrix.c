#include <stdio.h>

#define N 3

typedef double Matrix[N][N];

static void multiply(Matrix a, Matrix b, Matrix out)
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            double sum = 0.0;
            for (int k = 0; k < N; k++)
                sum += a[i][k] * b[k][j];
            out[i][j] = sum;
        }
    }
}

static void identity(Matrix m)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            m[i][j] = i == j ? 1.0 : 0.0;
}

static void print_matrix(Matrix m)
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++)
            printf("%6.2f", m[i][j]);
        printf("\n");
    }
}

int main(void)
{
    Matrix a = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    Matrix id, product;
    identity(id);
    multiply(a, id, product);
    print_matrix(product);
    return 0;
}
