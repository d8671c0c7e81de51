"""Turn arbitrary titles into URL-friendly slugs."""
import re
import unicodedata

_NON_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s_]+")


def slugify(text, *, separator="-", max_length=None):
    """Return an ASCII slug for *text*.

    >>> slugify("Crème Brûlée: A Love Story!")
    'creme-brulee-a-love-story'
    >>> slugify("  Hello   World  ", separator="_")
    'hello_world'
    >>> slugify("A very long title indeed", max_length=12)
    'a-very-long'
    """
    normalized = unicodedata.normalize("NFKD", text)
    ascii_text = normalized.encode("ascii", "ignore").decode("ascii")
    cleaned = _NON_WORD.sub("", ascii_text).strip().lower()
    slug = _SEPARATORS.sub(separator, cleaned)
    if max_length is not None and len(slug) > max_length:
        slug = slug[:max_length].rsplit(separator, 1)[0]
    return slug
