"""Check passwords against a configurable policy."""
import re
import string

COMMON_PASSWORDS = {"password", "123456", "qwerty", "letmein", "dragon"}


def check_password(password, *, min_length=10, require_symbol=True, banned=COMMON_PASSWORDS):
    """Return a list of problems; an empty list means the password is fine.

    >>> check_password("Tr0ub4dor&3")
    []
    >>> check_password("password")
    ['shorter than 10 characters', 'no digit', 'no uppercase letter', 'no symbol', 'too common']
    """
    rules = [
        (len(password) >= min_length, f"shorter than {min_length} characters"),
        (re.search(r"\d", password), "no digit"),
        (any(c.isupper() for c in password), "no uppercase letter"),
        (not require_symbol or set(password) & set(string.punctuation), "no symbol"),
        (password.lower() not in banned, "too common"),
    ]
    problems = [message for passed, message in rules if not passed]
    if (run := re.search(r"(.)\1{3,}", password)) is not None:
        problems.append(f"repeats {run.group(1)!r} {len(run.group(0))} times")
    return problems


if __name__ == "__main__":
    for candidate in ("hunter2", "CorrectHorseBatteryStaple1!", "Aaaaaaaa1!xx"):
        print(f"{candidate!r}: {check_password(candidate) or 'OK'}")
