"""Interpreter for a small stack-based language (a Forth-like toy).

Words are separated by whitespace. Numbers are pushed onto the stack;
``: name ... ;`` defines a new word.
"""
import operator

TRACE = False

BINARY_OPS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.floordiv,
    "mod": operator.mod,
    "=": lambda a, b: int(a == b),
    "<": lambda a, b: int(a < b),
}


class Machine:
    class Error(Exception):
        """Raised for stack underflow, unknown words and bad definitions."""

    def __init__(self):
        self.stack = []
        self.words = {}
        self.output = []

    def pop(self, n=1):
        if len(self.stack) < n:
            raise Machine.Error(f"stack underflow: need {n}, have {len(self.stack)}")
        values = self.stack[-n:]
        del self.stack[-n:]
        return values

    def run(self, source):
        tokens = source.split()
        while tokens:
            match tokens:
                case [":", name, *rest] if ";" in rest:
                    end = rest.index(";")
                    self.words[name.lower()] = rest[:end]
                    tokens = rest[end + 1:]
                    continue
                case [":", *_]:
                    raise Machine.Error("unterminated definition")
                case [word, *tokens]:
                    self.execute(word.lower())
                # every branch consumes tokens, so the loop always terminates
        return self

    def execute(self, word):
        if TRACE:
            print(f"  {word:<6} {self.stack}")
        match word:
            case _ if word.lstrip("-").isdigit():
                self.stack.append(int(word))
            case op if op in BINARY_OPS:
                a, b = self.pop(2)
                self.stack.append(BINARY_OPS[op](a, b))
            case "dup":
                (a,) = self.pop()
                self.stack += [a, a]
            case "swap":
                a, b = self.pop(2)
                self.stack += [b, a]
            case "drop":
                self.pop()
            case "." | "emit":
                (value,) = self.pop()
                self.output.append(str(value) if word == "." else chr(value))
            case user if user in self.words:
                for inner in self.words[user]:
                    self.execute(inner)
            case _:
                raise Machine.Error(f"unknown word {word!r}")


def set_trace(enabled):
    global TRACE
    TRACE = enabled


if __name__ == "__main__":
    program = ": square dup * ; : cube dup square * ; 3 square . 4 cube . 105 72 emit emit"
    machine = Machine().run(program)
    print(f"""program: {program}
output:  {' '.join(machine.output)}
stack:   {machine.stack}""")
    set_trace(True)
    try:
        Machine().run("1 2 + *")
    except Machine.Error as err:
        print("error:", err)
