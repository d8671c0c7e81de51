#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *push_front(struct node *head, int value)
{
    struct node *node = malloc(sizeof *node);
    if (!node)
        return head;
    node->value = value;
    node->next = head;
    return node;
}

static struct node *reverse(struct node *head)
{
    struct node *previous = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = previous;
        previous = head;
        head = next;
    }
    return previous;
}

static void print_list(const struct node *head)
{
    for (; head; head = head->next)
        printf("%d ", head->value);
    putchar('\n');
}

static void free_list(struct node *head)
{
    while (head) {
        struct node *next = head->next;
        free(head);
        head = next;
    }
}

int main(void)
{
    struct node *list = NULL;
    for (int i = 1; i <= 6; i++)
        list = push_front(list, i);
    print_list(list);
    list = reverse(list);
    print_list(list);
    free_list(list);
    return 0;
}
