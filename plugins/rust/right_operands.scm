; The right operand of a binary expression, for the pip-only fallback checker.
;
; Kept out of scopes.scm because tree-sitter's query cursor keeps this pattern's state alive
; for every `binary_expression` it is inside while it walks the left operand (the right one comes
; after it): on `1 + 1 + ... + 1`, a chain nested as deep as it is long, that is quadratic in the
; chain's length (0.3 s a query at 4,000 terms, against 0.008 s without it). The default checker
; takes right operands from the `(binary_expression) @rust.binary` capture of resolve.scm instead.
(binary_expression right: (identifier) @local.reference)
