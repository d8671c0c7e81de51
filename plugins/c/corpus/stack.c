#include <stdio.h>
#include <stdlib.h>

/* A fixed-capacity stack of integers. */
typedef struct {
    int *items;
    size_t size;
    size_t capacity;
} Stack;

static int stack_init(Stack *stack, size_t capacity)
{
    stack->items = malloc(capacity * sizeof *stack->items);
    stack->size = 0;
    stack->capacity = capacity;
    return stack->items != NULL;
}

static int stack_push(Stack *stack, int value)
{
    if (stack->size == stack->capacity) {
        return 0;
    }
    stack->items[stack->size++] = value;
    return 1;
}

static int stack_pop(Stack *stack, int *value)
{
    if (stack->size == 0)
        return 0;
    *value = stack->items[--stack->size];
    return 1;
}

int main(void)
{
    Stack stack;
    int value;
    if (!stack_init(&stack, 8)) {
        fputs("out of memory\n", stderr);
        return 1;
    }
    for (int i = 0; i < 5; i++)
        stack_push(&stack, i * i);
    while (stack_pop(&stack, &value)) {
        printf("%d\n", value);
    }
    free(stack.items);
    return 0;
}
