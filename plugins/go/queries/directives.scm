; What the compiler directives of a file need (fallback/directives.py): `//go:` comments, the
; paths the file imports, the package-level functions and variables a `//go:linkname` can
; name, and the functions declared without a body (one needs a `//go:linkname`).
((comment) @directive (#match? @directive "^//go:"))
(import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @import))
(import_spec path: (raw_string_literal (raw_string_literal_content) @import))
(source_file (function_declaration name: (identifier) @linkable))
(source_file (var_declaration (var_spec name: (identifier) @linkable)))
(source_file (var_declaration (var_spec_list (var_spec name: (identifier) @linkable))))
(source_file (function_declaration name: (identifier) @bodyless !body))
