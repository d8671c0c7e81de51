"""A forgiving reader for INI-style configuration text.

Unlike :mod:`configparser` it keeps duplicate keys as lists and supports
``${section.key}`` interpolation across sections.

>>> cfg = parse_ini(SAMPLE)
>>> cfg["server"]["port"]
'8080'
>>> cfg["paths"]["logs"]
'/srv/app/logs'
>>> cfg["server"]["allow"]
['10.0.0.1', '10.0.0.2']
"""
import re

SAMPLE = """
; global defaults
[paths]
root = /srv/app
logs = ${paths.root}/logs

[server]
host = 0.0.0.0
port = 8080   # trailing comments are stripped
allow = 10.0.0.1
allow = 10.0.0.2
"""

SECTION_RE = re.compile(r"^\[(?P<name>[^\]]+)\]$")
REFERENCE_RE = re.compile(r"\$\{(\w+)\.(\w+)\}")


class IniError(ValueError):
	def __init__(self, line_no, message):
		super().__init__(f"line {line_no}: {message}")
		self.line_no = line_no


def strip_comment(line):
	for marker in (" #", " ;"):
		if marker in line:
			line = line[: line.index(marker)]
	return line.strip()


def parse_ini(text, *, default_section="DEFAULT"):
	sections = {default_section: {}}
	current = sections[default_section]
	for line_no, raw in enumerate(text.splitlines(), start=1):
		line = strip_comment(raw)
		if not line or line[0] in "#;":
			continue
		if match := SECTION_RE.match(line):
			current = sections.setdefault(match["name"].strip(), {})
		elif "=" in line:
			key, _, value = line.partition("=")
			key, value = key.strip(), value.strip()
			if key in current:
				existing = current[key]
				current[key] = (existing if isinstance(existing, list) else [existing]) + [value]
			else:
				current[key] = value
		else:
			raise IniError(line_no, f"cannot parse {raw!r}")
		# Keys that appear before any [section] header end up in default_section.
	return interpolate(sections)


def interpolate(sections):
	def resolve(value, depth=0):
		if depth > 10:
			raise IniError(0, "interpolation is too deeply nested")
		if isinstance(value, list):
			return [resolve(v, depth) for v in value]

		def lookup(match):
			section, key = match.groups()
			try:
				return resolve(sections[section][key], depth + 1)
			except KeyError:
				return match.group(0)  # leave unknown references untouched

		return REFERENCE_RE.sub(lookup, value)

	return {
		name: {key: resolve(value) for key, value in values.items()}
		for name, values in sections.items()
	}


if __name__ == "__main__":
	for section, values in parse_ini(SAMPLE).items():
		print(f"[{section}]")
		for key, value in values.items():
			print(f"  {key} = {value}")
