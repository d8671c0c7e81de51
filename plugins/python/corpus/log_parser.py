"""Summarise web server access logs in the common log format."""
import re
from collections import Counter, defaultdict
from datetime import datetime

LOG_PATTERN = re.compile(
    r'(?P<ip>\S+) \S+ (?P<user>\S+) \[(?P<time>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) (?P<size>\d+|-)'
)
TIME_FORMAT = "%d/%b/%Y:%H:%M:%S %z"

SAMPLE_LOG = [
    '10.0.0.1 - - [12/Mar/2024:10:01:02 +0000] "GET /index.html HTTP/1.1" 200 5120',
    '10.0.0.2 - bob [12/Mar/2024:10:01:07 +0000] "POST /api/login HTTP/1.1" 302 -',
    '10.0.0.1 - - [12/Mar/2024:10:02:13 +0000] "GET /missing HTTP/1.1" 404 312',
    'this line is garbage and should be skipped',
    '10.0.0.3 - - [12/Mar/2024:11:15:00 +0000] "GET /index.html HTTP/1.1" 200 5120',
    '10.0.0.2 - bob [12/Mar/2024:11:16:42 +0000] "GET /api/items HTTP/1.1" 500 97',
]


def parse_lines(lines):
    """Yield a dict per well-formed line; silently skip malformed lines."""
    for line in lines:
        if (match := LOG_PATTERN.match(line)) is None:
            continue
        entry = match.groupdict()
        entry["time"] = datetime.strptime(entry["time"], TIME_FORMAT)
        entry["status"] = int(entry["status"])
        entry["size"] = 0 if entry["size"] == "-" else int(entry["size"])
        yield entry
        # The user field is kept verbatim; "-" means unauthenticated.


def summarise(entries):
    entries = list(entries)
    by_hour = defaultdict(int)
    for e in entries:
        by_hour[e["time"].strftime("%H:00")] += 1
    return {
        "requests": len(entries),
        "bytes": sum(e["size"] for e in entries),
        "status_classes": Counter(f"{e['status'] // 100}xx" for e in entries),
        "top_paths": Counter(e["path"] for e in entries).most_common(3),
        "errors": [e for e in entries if e["status"] >= 400],
        "by_hour": dict(sorted(by_hour.items())),
        "clients": {e["ip"] for e in entries},
    }


def format_summary(summary):
    lines = [
        f"{summary['requests']} requests, {summary['bytes']:,} bytes "
        f"from {len(summary['clients'])} clients",
    ]
    lines += [f"  {cls}: {n}" for cls, n in sorted(summary["status_classes"].items())]
    lines += [f"  hour {hour}: {n}" for hour, n in summary["by_hour"].items()]
    for error in summary["errors"]:
        lines.append(f"  ! {error['status']} {error['method']} {error['path']}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_summary(summarise(parse_lines(SAMPLE_LOG))))
