"""Convert between integers and Roman numerals.

>>> to_roman(1994)
'MCMXCIV'
>>> from_roman("MMXXIV")
2024
>>> all(from_roman(to_roman(n)) == n for n in range(1, 4000))
True
"""

NUMERALS = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"),
    (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
    (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]
VALUES = {symbol: value for value, symbol in NUMERALS if len(symbol) == 1}


def to_roman(number: int) -> str:
    if not 0 < number < 4000:
        raise ValueError("Roman numerals cover 1..3999 only")
    parts = []
    for value, symbol in NUMERALS:
        count, number = divmod(number, value)
        parts.append(symbol * count)
    return "".join(parts)


def from_roman(text: str) -> int:
    total = 0
    for current, following in zip(text, text[1:] + " "):
        value = VALUES[current]
        # A smaller numeral before a larger one is subtracted (IV, XC, ...).
        total += -value if following != " " and VALUES[following] > value else value
    if to_roman(total) != text:
        raise ValueError(f"{text!r} is not a canonical Roman numeral")
    return total


if __name__ == "__main__":
    for year in (1666, 1889, 1999, 2024):
        print(year, to_roman(year))
