#include <stdio.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SWAP(type, x, y) \
    do {                 \
        type tmp_ = (x); \
        (x) = (y);       \
        (y) = tmp_;      \
    } while (0)

#ifndef VERBOSE
#define VERBOSE 0
#endif

static void bubble_sort(int *values, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j + 1 < count - i; j++) {
            if (values[j] > values[j + 1])
                SWAP(int, values[j], values[j + 1]);
        }
    }
}

int main(void)
{
    int values[] = {5, 3, 9, 1, 7};
    bubble_sort(values, ARRAY_SIZE(values));
#if VERBOSE
    printf("sorted %zu values\n", ARRAY_SIZE(values));
#else
    (void)strlen("quiet");
#endif
    for (size_t i = 0; i < ARRAY_SIZE(values); i++)
        printf("%d\n", values[i]);
    return 0;
}
