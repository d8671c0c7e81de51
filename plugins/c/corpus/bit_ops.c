#include <stdint.h>
#include <stdio.h>

static unsigned popcount32(uint32_t x)
{
    unsigned count = 0;
    while (x) {
        x &= x - 1;
        count++;
    }
    return count;
}

static uint32_t reverse_bits(uint32_t x)
{
    uint32_t result = 0;
    for (int i = 0; i < 32; i++) {
        result = (result << 1) | (x & 1u);
        x >>= 1;
    }
    return result;
}

static int is_power_of_two(uint64_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

int main(void)
{
    const uint32_t samples[] = {0u, 1u, 0xF0u, 0xFFFFFFFFu, 1024u};
    for (unsigned i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        uint32_t x = samples[i];
        printf("%08x bits=%u reversed=%08x pow2=%d\n", (unsigned)x, popcount32(x),
               (unsigned)reverse_bits(x), is_power_of_two(x));
    }
    return 0;
}
