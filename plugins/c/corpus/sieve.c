#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* Prints the primes below a limit with the sieve of Eratosthenes. */
int main(int argc, char *argv[])
{
    long limit = argc > 1 ? strtol(argv[1], NULL, 10) : 100;
    bool *composite;
    long found = 0;

    if (limit < 2)
        return 0;
    composite = calloc((size_t)limit, sizeof *composite);
    if (composite == NULL) {
        perror("calloc");
        return 1;
    }
    for (long i = 2; i * i < limit; i++) {
        if (composite[i])
            continue;
        for (long j = i * i; j < limit; j += i)
            composite[j] = true;
    }
    for (long i = 2; i < limit; i++) {
        if (!composite[i]) {
            printf("%ld\n", i);
            found++;
        }
    }
    fprintf(stderr, "%ld primes\n", found);
    free(composite);
    return 0;
}
