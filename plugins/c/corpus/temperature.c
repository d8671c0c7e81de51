#include <math.h>
#include <stdio.h>

#define FREEZING_F 32.0
#define SCALE (5.0 / 9.0)

static double to_celsius(double fahrenheit)
{
    return (fahrenheit - FREEZING_F) * SCALE;
}

static double to_fahrenheit(double celsius)
{
    return celsius / SCALE + FREEZING_F;
}

int main(void)
{
    // A conversion table, rounded to the nearest tenth.
    for (int f = -40; f <= 100; f += 20) {
        double c = to_celsius(f);
        printf("%4d F = %6.1f C\n", f, round(c * 10.0) / 10.0);
    }
    printf("body temperature: %.1f F\n", to_fahrenheit(37.0));
    return 0;
}
