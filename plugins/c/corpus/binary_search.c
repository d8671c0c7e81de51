#include <stdio.h>

/* Returns the index of key in the sorted array, or -1. */
static int binary_search(const int *values, int count, int key)
{
    int low = 0;
    int high = count - 1;
    while (low <= high) {
        int middle = low + (high - low) / 2;
        if (values[middle] == key)
            return middle;
        else if (values[middle] < key)
            low = middle + 1;
        else
            high = middle - 1;
    }
    return -1;
}

int main(void)
{
    static const int primes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29};
    const int count = (int)(sizeof primes / sizeof primes[0]);
    for (int key = 0; key < 30; key += 7) {
        int at = binary_search(primes, count, key);
        if (at >= 0)
            printf("%d found at %d\n", key, at);
        else
            printf("%d not found\n", key);
    }
    return 0;
}
