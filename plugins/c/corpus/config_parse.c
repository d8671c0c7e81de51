#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct config {
    int port;
    int workers;
    char host[64];
};

/* Applies one "key=value" line to the configuration; returns 0 when the key is unknown. */
static int apply_line(struct config *config, const char *line)
{
    const char *equals = strchr(line, '=');
    size_t key_length;
    if (equals == NULL)
        return 0;
    key_length = (size_t)(equals - line);
    if (strncmp(line, "port", key_length) == 0) {
        config->port = atoi(equals + 1);
    } else if (strncmp(line, "workers", key_length) == 0) {
        config->workers = atoi(equals + 1);
    } else if (strncmp(line, "host", key_length) == 0) {
        snprintf(config->host, sizeof config->host, "%s", equals + 1);
    } else {
        return 0;
    }
    return 1;
}

int main(void)
{
    struct config config = {8080, 4, "localhost"};
    const char *lines[] = {"port=9000", "host=example.org", "colour=blue", "workers=8"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (!apply_line(&config, lines[i]))
            fprintf(stderr, "ignored: %s\n", lines[i]);
    }
    printf("%s:%d with %d workers\n", config.host, config.port, config.workers);
    return 0;
}
