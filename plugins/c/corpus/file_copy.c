#include <errno.h>
#include <stdio.h>
#include <string.h>

static int copy_stream(FILE *in, FILE *out)
{
    char buffer[4096];
    size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, in)) > 0) {
        if (fwrite(buffer, 1, got, out) != got)
            return -1;
    }
    return ferror(in) ? -1 : 0;
}

int main(int argc, char **argv)
{
    FILE *in;
    FILE *out;
    int status;

    if (argc != 3) {
        fprintf(stderr, "usage: %s SOURCE TARGET\n", argv[0]);
        return 2;
    }
    in = fopen(argv[1], "rb");
    if (in == NULL) {
        fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    out = fopen(argv[2], "wb");
    if (out == NULL) {
        fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
        fclose(in);
        return 1;
    }
    status = copy_stream(in, out);
    fclose(in);
    if (fclose(out) != 0)
        status = -1;
    return status == 0 ? 0 : 1;
}
