"""Convert temperatures between Celsius and Fahrenheit."""


def c_to_f(celsius: float) -> float:
    """Convert Celsius to Fahrenheit.

    >>> c_to_f(100)
    212.0
    >>> c_to_f(-40)
    -40.0
    """
    return celsius * 9 / 5 + 32


def f_to_c(fahrenheit: float) -> float:
    """Convert Fahrenheit to Celsius.

    >>> round(f_to_c(98.6), 1)
    37.0
    """
    return (fahrenheit - 32) * 5 / 9


if __name__ == "__main__":
    for c in range(-10, 41, 10):
        print(f"{c:>4} C = {c_to_f(c):6.1f} F")
