"""Summarise HTTP response codes using the standard HTTPStatus enum."""
from collections import Counter
from http import HTTPStatus

RESPONSES = [200, 200, 201, 204, 301, 304, 304, 400, 401, 404, 404, 404, 429, 500, 503, 200]


def category(status):
    if 100 <= status < 200:
        return "informational"
    elif 200 <= status < 300:
        return "success"
    elif 300 <= status < 400:
        return "redirect"
    elif 400 <= status < 500:
        return "client error"
    else:
        return "server error"


def summarise(codes):
    statuses = [HTTPStatus(code) for code in codes]
    by_category = Counter(category(s) for s in statuses)
    by_status = Counter(statuses)
    return by_category, by_status


if __name__ == "__main__":
    by_category, by_status = summarise(RESPONSES)
    for name, count in by_category.most_common():
        print(f"{name:<14}{count:>3}")
    print()
    for status, count in sorted(by_status.items()):
        print(f"{status.value} {status.phrase:<22}{'*' * count}")
