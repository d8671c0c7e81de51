#include <ctype.h>
#include <stdio.h>

enum token_kind { TOKEN_NUMBER, TOKEN_WORD, TOKEN_SYMBOL, TOKEN_END };

struct token {
    enum token_kind kind;
    const char *start;
    int length;
};

static struct token next_token(const char **cursor)
{
    const char *p = *cursor;
    struct token token;
    while (isspace((unsigned char)*p))
        p++;
    token.start = p;
    if (*p == '\0') {
        token.kind = TOKEN_END;
    } else if (isdigit((unsigned char)*p)) {
        token.kind = TOKEN_NUMBER;
        while (isdigit((unsigned char)*p))
            p++;
    } else if (isalpha((unsigned char)*p)) {
        token.kind = TOKEN_WORD;
        while (isalnum((unsigned char)*p))
            p++;
    } else {
        token.kind = TOKEN_SYMBOL;
        p++;
    }
    token.length = (int)(p - token.start);
    *cursor = p;
    return token;
}

int main(void)
{
    static const char *const names[] = {"number", "word", "symbol", "end"};
    const char *input = "let x1 = 42 + y;";
    struct token token;
    do {
        token = next_token(&input);
        printf("%-6s '%.*s'\n", names[token.kind], token.length, token.start);
    } while (token.kind != TOKEN_END);
    return 0;
}
