#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 64

struct entry {
    char *key;
    int value;
    struct entry *next;
};

struct table {
    struct entry *buckets[BUCKETS];
};

static unsigned long hash(const char *key)
{
    unsigned long h = 5381;
    int c;
    while ((c = (unsigned char)*key++) != 0)
        h = h * 33 + (unsigned long)c;
    return h % BUCKETS;
}

static int table_put(struct table *table, const char *key, int value)
{
    unsigned long slot = hash(key);
    struct entry *entry;
    for (entry = table->buckets[slot]; entry; entry = entry->next) {
        if (strcmp(entry->key, key) == 0) {
            entry->value = value;
            return 1;
        }
    }
    entry = malloc(sizeof *entry);
    if (!entry)
        return 0;
    entry->key = strdup(key);
    entry->value = value;
    entry->next = table->buckets[slot];
    table->buckets[slot] = entry;
    return 1;
}

static const int *table_get(const struct table *table, const char *key)
{
    const struct entry *entry = table->buckets[hash(key)];
    for (; entry; entry = entry->next)
        if (strcmp(entry->key, key) == 0)
            return &entry->value;
    return NULL;
}

static void table_free(struct table *table)
{
    for (int i = 0; i < BUCKETS; i++) {
        struct entry *entry = table->buckets[i];
        while (entry) {
            struct entry *next = entry->next;
            free(entry->key);
            free(entry);
            entry = next;
        }
    }
}

int main(void)
{
    struct table table = {{0}};
    const char *words[] = {"apple", "pear", "apple", "plum", "pear", "apple"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const int *seen = table_get(&table, words[i]);
        table_put(&table, words[i], seen ? *seen + 1 : 1);
    }
    printf("apple=%d pear=%d\n", *table_get(&table, "apple"), *table_get(&table, "pear"));
    table_free(&table);
    return 0;
}
