#include <stdio.h>

static unsigned long gcd(unsigned long a, unsigned long b)
{
    while (b != 0) {
        unsigned long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static unsigned long lcm(unsigned long a, unsigned long b)
{
    return a / gcd(a, b) * b;
}

int main(void)
{
    unsigned long result = 1;
    for (unsigned long n = 1; n <= 20; n++)
        result = lcm(result, n);
    printf("smallest multiple of 1..20: %lu\n", result);
    printf("gcd(84, 36) = %lu\n", gcd(84, 36));
    return 0;
}
