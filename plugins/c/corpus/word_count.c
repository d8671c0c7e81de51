#include <ctype.h>
#include <stdio.h>

/* Counts lines, words and characters on standard input, like wc. */
int main(void)
{
    long lines = 0, words = 0, chars = 0;
    int in_word = 0;
    int c;

    while ((c = getchar()) != EOF) {
        chars++;
        if (c == '\n')
            lines++;
        if (isspace(c)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    printf("%ld %ld %ld\n", lines, words, chars);
    return 0;
}
