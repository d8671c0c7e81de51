; Scopes, definitions and references for the pip-only fallback checker (core/scope_checker.py),
; for tree-sitter-typescript's typescript and tsx grammars alike. Types bind in a namespace of
; their own (`type`), in which every type_identifier is looked up: `interface Foo` deleted makes
; `x: Foo` unresolved, as tsc says, though a value `const Foo` remains. Classes, enums,
; namespaces and imports bind in both.

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
  ; Signatures' parameters bind in the signature alone. (Not a function type's: an `infer P`
  ; in its parameters binds in the conditional type around it.)
  (function_signature)
  (method_signature)
  (abstract_method_signature)
  (call_signature)
  (construct_signature)
] @local.scope

; A declared function's name binds around the function, not inside it.
(function_declaration name: (identifier) @local.definition.outer)
(generator_function_declaration name: (identifier) @local.definition.outer)
(function_signature name: (identifier) @local.definition.outer)
(function_expression name: (identifier) @local.definition)
(class_declaration name: (type_identifier) @local.definition)
(abstract_class_declaration name: (type_identifier) @local.definition)
(class name: (type_identifier) @local.definition)
(class_declaration name: (type_identifier) @local.definition.type)
(abstract_class_declaration name: (type_identifier) @local.definition.type)
(class name: (type_identifier) @local.definition.type)
(interface_declaration name: (type_identifier) @local.definition.type)
(type_alias_declaration name: (type_identifier) @local.definition.type)
(enum_declaration name: (identifier) @local.definition)
(enum_declaration name: (identifier) @local.definition.type)
(internal_module name: (identifier) @local.definition)
(internal_module name: (identifier) @local.definition.type)
(type_parameter name: (type_identifier) @local.definition.type)
(mapped_type_clause name: (type_identifier) @local.definition.type)
(infer_type (type_identifier) @local.definition.type)
; `Geometry.Point`: `Point` is a member of the namespace, not a name in scope. A query cannot
; say "not a reference", so it binds instead, in a scope of its own that holds nothing else.
(nested_type_identifier name: (type_identifier) @local.definition.type)
(nested_type_identifier) @local.scope

(variable_declarator name: (identifier) @local.definition)
(variable_declarator name: (object_pattern (shorthand_property_identifier_pattern) @local.definition))
(variable_declarator name: (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.definition)))
(variable_declarator name: (object_pattern (pair_pattern value: (identifier) @local.definition)))
(variable_declarator name: (array_pattern (identifier) @local.definition))
(for_in_statement left: (identifier) @local.definition)

(required_parameter pattern: (identifier) @local.definition)
(optional_parameter pattern: (identifier) @local.definition)
(required_parameter pattern: (rest_pattern (identifier) @local.definition))
(required_parameter pattern: (object_pattern (shorthand_property_identifier_pattern) @local.definition))
(required_parameter pattern: (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.definition)))
(required_parameter pattern: (object_pattern (pair_pattern value: (identifier) @local.definition)))
(required_parameter pattern: (array_pattern (identifier) @local.definition))
(arrow_function parameter: (identifier) @local.definition)
(catch_clause parameter: (identifier) @local.definition)

(import_clause (identifier) @local.definition)
(import_specifier name: (identifier) @local.definition .)
(import_specifier alias: (identifier) @local.definition)
(namespace_import (identifier) @local.definition)
(import_require_clause (identifier) @local.definition)
(import_clause (identifier) @local.definition.type)
(import_specifier name: (identifier) @local.definition.type .)
(import_specifier alias: (identifier) @local.definition.type)
(namespace_import (identifier) @local.definition.type)
(import_require_clause (identifier) @local.definition.type)

(identifier) @local.reference
(type_identifier) @local.reference.type
(shorthand_property_identifier) @local.reference
; Destructuring assignment (`({ a, b = 1 } = value)`) assigns names declared elsewhere.
(assignment_expression left: (object_pattern (shorthand_property_identifier_pattern) @local.reference))
(assignment_expression left: (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.reference)))
