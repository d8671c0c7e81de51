#include <stdio.h>
#include <stdlib.h>

struct customer {
    int id;
    int arrival;
    int service;
};

static int compare_arrival(const void *a, const void *b)
{
    const struct customer *left = a;
    const struct customer *right = b;
    return left->arrival - right->arrival;
}

int main(void)
{
    struct customer customers[] = {
        {1, 5, 3},
        {2, 0, 4},
        {3, 2, 2},
        {4, 9, 1},
    };
    size_t count = sizeof customers / sizeof customers[0];
    int clock = 0;
    long total_wait = 0;

    qsort(customers, count, sizeof customers[0], compare_arrival);
    for (size_t i = 0; i < count; i++) {
        struct customer *c = &customers[i];
        if (clock < c->arrival)
            clock = c->arrival;
        total_wait += clock - c->arrival;
        printf("customer %d starts at %d\n", c->id, clock);
        clock += c->service;
    }
    printf("average wait %.2f\n", (double)total_wait / (double)count);
    return 0;
}
