#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Trims leading and trailing white space in place and returns the start. */
static char *trim(char *text)
{
    char *end;
    while (isspace((unsigned char)*text))
        text++;
    if (*text == '\0')
        return text;
    end = text + strlen(text) - 1;
    while (end > text && isspace((unsigned char)*end))
        end--;
    end[1] = '\0';
    return text;
}

static void upper(char *text)
{
    for (; *text; text++)
        *text = (char)toupper((unsigned char)*text);
}

static int count_char(const char *text, char wanted)
{
    int count = 0;
    const char *found = text;
    while ((found = strchr(found, wanted)) != NULL) {
        count++;
        found++;
    }
    return count;
}

int main(void)
{
    char buffer[] = "   hello, trimmed world   ";
    char *text = trim(buffer);
    printf("[%s]\n", text);
    printf("commas: %d\n", count_char(text, ','));
    upper(text);
    printf("[%s]\n", text);
    return 0;
}
