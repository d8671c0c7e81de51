"""A minimal string template engine with filters.

Placeholders look like ``{{ name }}`` or ``{{ user.name | upper }}``;
filters are plain functions registered with the :func:`register_filter`
decorator.

>>> render("Hello, {{ user.name | title }}!", {"user": {"name": "ada lovelace"}})
'Hello, Ada Lovelace!'
>>> render("{{ items | join }} ({{ items | length }})", {"items": ["a", "b"]})
'a, b (2)'
"""
import html
import re

PLACEHOLDER = re.compile(r"\{\{\s*([\w.]+)\s*((?:\|\s*\w+\s*)*)\}\}")

FILTERS = {}


def register_filter(name=None):
    """Register the decorated function as a template filter."""
    def decorator(func):
        FILTERS[name or func.__name__] = func
        return func
    return decorator


@register_filter()
def upper(value):
    return str(value).upper()


@register_filter()
def title(value):
    return str(value).title()


@register_filter("length")
def _length(value):
    return len(value)


@register_filter()
def join(value, separator=", "):
    return separator.join(map(str, value))


@register_filter("e")
@register_filter("escape")
def escape(value):
    return html.escape(str(value))


def lookup(context, dotted):
    value = context
    for part in dotted.split("."):
        if isinstance(value, dict):
            value = value[part]
        else:
            value = getattr(value, part)
    return value


def compile_template(source, *, strict=True):
    """Return a function that renders *source* with a context dict.

    The returned function exposes ``render_count`` for simple profiling.
    """
    renders = 0

    def substitute(context):
        nonlocal renders
        renders += 1
        substitute.render_count = renders
        def replace(match):
            name, filter_chain = match.groups()
            try:
                value = lookup(context, name)
            except (KeyError, AttributeError):
                if strict:
                    raise KeyError(f"template variable {name!r} is undefined") from None
                return match.group(0)
            for filter_name in filter(None, (f.strip() for f in filter_chain.split("|"))):
                value = FILTERS[filter_name](value)
            return str(value)

        return PLACEHOLDER.sub(replace, source)

    substitute.render_count = 0
    return substitute


def render(source, context, **options):
    return compile_template(source, **options)(context)


if __name__ == "__main__":
    page = compile_template("<h1>{{ title | e }}</h1>\n<p>{{ tags | join | upper }}</p>")
    print(page({"title": "Fish & Chips", "tags": ["food", "british"]}))
    print(render("{{ missing }} stays", {}, strict=False))
