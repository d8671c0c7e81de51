"""How Python reads a source file's bytes (PEP 263, PEP 3120): a UTF-8 byte-order mark, else a
coding line in the first two lines, else UTF-8."""

from __future__ import annotations

import io
import tokenize

from lintseq_x.plugins import DecodedSource, SourceDecodeError, decode_utf8, undecodable


def decode_python_source(data: bytes) -> DecodedSource:
    """The file's text as CPython would read it, with the codec that gives its bytes back."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if str(error.msg).startswith("invalid or missing"):
            # No coding line, and the first lines are not UTF-8: name the byte.
            return decode_utf8(data)
        raise SourceDecodeError("unusable coding line", f"{error.msg} (Python would not run this file)") from None
    # A byte-order mark stays in the text as U+FEFF: the pipeline records it as such.
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return DecodedSource(data.decode(codec), codec)
    except UnicodeDecodeError as error:
        raise undecodable(error, "UTF-8" if codec == "utf-8" else codec) from None
