#include <stdio.h>

enum light {
    LIGHT_RED,
    LIGHT_GREEN,
    LIGHT_YELLOW,
};

static const char *light_name(enum light light)
{
    switch (light) {
    case LIGHT_RED:
        return "red";
    case LIGHT_GREEN:
        return "green";
    case LIGHT_YELLOW:
        return "yellow";
    default:
        return "unknown";
    }
}

static enum light next_light(enum light light)
{
    switch (light) {
    case LIGHT_RED:
        return LIGHT_GREEN;
    case LIGHT_GREEN:
        return LIGHT_YELLOW;
    default:
        break;
    }
    return LIGHT_RED;
}

int main(void)
{
    enum light light = LIGHT_RED;
    for (int step = 0; step < 6; step++) {
        printf("step %d: %s\n", step, light_name(light));
        light = next_light(light);
    }
    return 0;
}
