; inherits: lintseq_x.plugins.rust
; The pip-only fallback checker's query: Rust's locals (queries/locals.scm, inherited above), and
; the right operand of a binary expression.
;
; Kept out of queries/locals.scm because tree-sitter's query cursor keeps this pattern's state
; alive for every `binary_expression` it is inside while it walks the left operand (the right one
; comes after it): on `1 + 1 + ... + 1`, a chain nested as deep as it is long, that is quadratic
; in the chain's length (0.3 s a query at 4,000 terms, against 0.008 s without it). The default
; checker takes right operands from the `(binary_expression) @rust.binary` capture of
; resolve/locals.scm instead.
(binary_expression right: (identifier) @local.reference)
