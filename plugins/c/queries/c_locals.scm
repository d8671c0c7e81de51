; What C's locals query adds to locals.scm, and C++'s does not (there a class's members are
; names in its methods, and a struct's tag is a type name). In C, struct and union members live
; in a namespace of their own (`member`), reached only through `.`, `->` and designators, and so
; do struct, union and enum tags (`tag`): a member or a tag never hides a deleted variable of the
; same name, nor a variable a deleted member or tag. Labels have a namespace (`label`) too
; (`goto` may jump forward: their order is free).
(field_declaration declarator: (field_identifier) @local.definition.member)
(pointer_declarator declarator: (field_identifier) @local.definition.member)
(array_declarator declarator: (field_identifier) @local.definition.member)
(function_declarator declarator: (field_identifier) @local.definition.member)
(struct_specifier name: (type_identifier) @local.definition.tag body: (_))
(union_specifier name: (type_identifier) @local.definition.tag body: (_))
(enum_specifier name: (type_identifier) @local.definition.tag body: (_))
(labeled_statement label: (statement_identifier) @local.definition.label)

(_ type: (type_identifier) @local.reference)
(field_expression field: (field_identifier) @local.reference.member)
(goto_statement label: (statement_identifier) @local.reference.label)
(struct_specifier name: (type_identifier) @local.reference.tag)
(union_specifier name: (type_identifier) @local.reference.tag)
(enum_specifier name: (type_identifier) @local.reference.tag)
(field_designator (field_identifier) @local.reference.member)

; tree-sitter-c parses the standard library's `_t` types (`size_t`, `uint64_t`) as primitive
; types, but only the headers declare them: they are external names, which need the program's
; includes.
((primitive_type) @local.reference (#match? @local.reference "_t$"))
