#include <stdio.h>

typedef enum { VALUE_INT, VALUE_REAL, VALUE_TEXT } ValueKind;

typedef struct {
    ValueKind kind;
    union {
        long integer;
        double real;
        const char *text;
    } as;
} Value;

static Value make_int(long integer)
{
    Value value;
    value.kind = VALUE_INT;
    value.as.integer = integer;
    return value;
}

static Value make_text(const char *text)
{
    Value value = {VALUE_TEXT, {0}};
    value.as.text = text;
    return value;
}

static void print_value(Value value)
{
    switch (value.kind) {
    case VALUE_INT:
        printf("int %ld\n", value.as.integer);
        break;
    case VALUE_REAL:
        printf("real %g\n", value.as.real);
        break;
    case VALUE_TEXT:
        printf("text \"%s\"\n", value.as.text);
        break;
    }
}

int main(void)
{
    Value values[3];
    values[0] = make_int(42);
    values[1].kind = VALUE_REAL;
    values[1].as.real = 2.5;
    values[2] = make_text("hello");
    for (int i = 0; i < 3; i++)
        print_value(values[i]);
    return 0;
}
