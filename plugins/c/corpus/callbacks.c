#include <stdio.h>

typedef int (*binary_op)(int, int);

static int add(int a, int b) { return a + b; }
static int subtract(int a, int b) { return a - b; }
static int multiply(int a, int b) { return a * b; }

struct operation {
    char symbol;
    binary_op apply;
};

static const struct operation operations[] = {
    {'+', add},
    {'-', subtract},
    {'*', multiply},
};

static int fold(const int *values, int count, binary_op op, int start)
{
    int result = start;
    for (int i = 0; i < count; i++)
        result = op(result, values[i]);
    return result;
}

int main(void)
{
    int values[] = {3, 4, 5};
    for (unsigned i = 0; i < sizeof operations / sizeof operations[0]; i++) {
        const struct operation *op = &operations[i];
        printf("fold %c = %d\n", op->symbol, fold(values, 3, op->apply, op->symbol == '*'));
    }
    return 0;
}
