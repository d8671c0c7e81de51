#include <stdbool.h>
#include <stdio.h>

#define CAPACITY 4

typedef struct {
    int data[CAPACITY];
    unsigned head;
    unsigned tail;
    unsigned count;
} RingBuffer;

static bool ring_put(RingBuffer *ring, int value)
{
    if (ring->count == CAPACITY)
        return false;
    ring->data[ring->tail] = value;
    ring->tail = (ring->tail + 1) % CAPACITY;
    ring->count++;
    return true;
}

static bool ring_get(RingBuffer *ring, int *value)
{
    if (ring->count == 0)
        return false;
    *value = ring->data[ring->head];
    ring->head = (ring->head + 1) % CAPACITY;
    ring->count--;
    return true;
}

int main(void)
{
    RingBuffer ring = {0};
    int value;
    for (int i = 0; i < 6; i++) {
        if (!ring_put(&ring, i))
            printf("full at %d\n", i);
    }
    while (ring_get(&ring, &value))
        printf("got %d\n", value);
    return 0;
}
