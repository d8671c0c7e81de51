; inherits: lintseq_x.plugins.rust
; The default Rust checker's query: Rust's locals (queries/locals.scm, inherited above), and the
; nodes the checker resolves in code (checker.py), captured in the same query run. One node a
; pattern: such patterns never wait on a node's later children, so the query stays linear however
; deep the tree (see fallback/locals.scm). The core ignores captures outside `local.`.

(binary_expression) @rust.binary
(macro_invocation) @rust.macro
(scoped_identifier) @rust.path
(scoped_type_identifier) @rust.path
(use_declaration) @rust.use
(impl_item) @rust.impl
(attribute_item) @rust.annotation
(line_comment (outer_doc_comment_marker)) @rust.annotation
(block_comment (outer_doc_comment_marker)) @rust.annotation
