"""Compute course grades from weighted assessment scores.

The weighting scheme lives in ``WEIGHTS``; letter grades are assigned from
``GRADE_BOUNDARIES`` (inclusive lower bounds, checked from the top down).
"""
import csv
import io
import statistics

WEIGHTS = {
    "homework": 0.25,
    "midterm": 0.30,
    "final": 0.45,
}

GRADE_BOUNDARIES = [
    (90, "A"),
    (80, "B"),
    (70, "C"),
    (60, "D"),
    (0, "F"),
]

SCORES_CSV = """student,homework,midterm,final
Ada,95,88,92
Brendan,72,65,70
Chen,88,91,79
Dana,55,62,48
Eli,100,,97
"""

warnings_issued = 0


def warn(message):
    global warnings_issued
    warnings_issued += 1
    print(f"warning: {message}")


def weighted_score(row):
    total = 0.0
    for part, weight in WEIGHTS.items():
        raw = row.get(part, "").strip()
        if not raw:
            warn(f"{row['student']} has no {part} score, counting it as 0")
            continue
        total += float(raw) * weight
    return round(total, 1)


def letter(score):
    for bound, grade in GRADE_BOUNDARIES:
        if score >= bound:
            return grade
    raise ValueError(f"negative score: {score}")


def grade_all(text):
    reader = csv.DictReader(io.StringIO(text))
    return {row["student"]: weighted_score(row) for row in reader}


def report(scores):
    values = list(scores.values())
    mean, median = statistics.mean(values), statistics.median(values)
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    lines = [f"{name:<10}{score:>6.1f}  {letter(score)}" for name, score in scores.items()]
    lines.append("-" * 20)
    lines.append("mean %.1f / median %.1f / stdev %.1f" % \
                 (mean, median, spread))
    passing = sum(1 for s in values if letter(s) != "F")
    lines.append("passing: " + str(passing) + " of " + \
                 str(len(values)))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(grade_all(SCORES_CSV)))
    print(f"{warnings_issued} warning(s)")
