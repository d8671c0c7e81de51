; Without its package clause a file is not Go: the parser stops at the first declaration, so the
; checker would flag the declarations one call at a time. They all go at once.
(source_file (package_clause) @member
  [(function_declaration) (method_declaration) (type_declaration) (import_declaration)
   (var_declaration) (const_declaration)] @owner)

; A constant without a value repeats the values of the one before it (`B` after `A = iota`): the
; first of a group must have values ("missing constant value"), so a valueless constant goes
; with the last valued one before it.
(const_declaration (const_spec value: (_)) @member.any (const_spec !value) @owner)
