; Scopes, definitions and references for the pip-only fallback checker (core/scope_checker.py).

[
  (statement_block)
  (function_declaration)
  (generator_function_declaration)
  (function_expression)
  (generator_function)
  (arrow_function)
  (method_definition)
  (class_body)
  (for_statement)
  (for_in_statement)
  (catch_clause)
] @local.scope

; A declared function's name binds around the function, not inside it.
(function_declaration name: (identifier) @local.definition.outer)
(generator_function_declaration name: (identifier) @local.definition.outer)
(class_declaration name: (identifier) @local.definition)
(class name: (identifier) @local.definition)
(function_expression name: (identifier) @local.definition)

(variable_declarator name: (identifier) @local.definition)
(for_in_statement left: (identifier) @local.definition)
(formal_parameters (identifier) @local.definition)
(arrow_function parameter: (identifier) @local.definition)
(catch_clause parameter: (identifier) @local.definition)

; Destructuring, wherever it binds (declarations, parameters, for-of heads, catch clauses).
(array_pattern (identifier) @local.definition)
(object_pattern (shorthand_property_identifier_pattern) @local.definition)
(pair_pattern value: (identifier) @local.definition)
(assignment_pattern left: (identifier) @local.definition)
(object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.definition)
(rest_pattern (identifier) @local.definition)

(import_clause (identifier) @local.definition)
(import_specifier name: (identifier) @local.definition .)
(import_specifier alias: (identifier) @local.definition)
(namespace_import (identifier) @local.definition)

; Private class members (`#count`) must be declared in an enclosing class body.
(field_definition property: (private_property_identifier) @local.definition)
(method_definition name: (private_property_identifier) @local.definition.outer)

; JSX: `<Button />` and `<Form.Field>` refer to `Button` and `Form` like any identifier (the
; patterns below), but a lower-case element name (`<div>`, `<my-element>`) is an intrinsic
; element, and a namespaced one (`<svg:rect>`, `xlink:href`) an XML name: neither refers to a
; variable, though the program may declare one of that name (`const input = useRef()`). A query
; cannot say "not a reference", so these are captured as definitions in a namespace of their
; own that no reference looks up: the scope checker never judges a definition as a reference.
; (As in eslint-scope and Babel, a name is intrinsic when it starts with a lower-case letter.)
((jsx_opening_element name: (identifier) @local.definition.intrinsic)
 (#match? @local.definition.intrinsic "^[a-z]"))
((jsx_closing_element name: (identifier) @local.definition.intrinsic)
 (#match? @local.definition.intrinsic "^[a-z]"))
((jsx_self_closing_element name: (identifier) @local.definition.intrinsic)
 (#match? @local.definition.intrinsic "^[a-z]"))
(jsx_namespace_name (identifier) @local.definition.intrinsic)

(identifier) @local.reference
(shorthand_property_identifier) @local.reference
(private_property_identifier) @local.reference
