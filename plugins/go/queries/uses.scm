; Declared names and the leaves that can only use them (see `StructureRules.use_query`):
; deleting a declaration deletes its uses in the same step. Keys of composite literals,
; selectors' fields and every declaring position are left out of `@use`: a name that appears
; there is never predicted, and the checker judges its uses as before. Go's predeclared names
; are left out of `@definition`: once a program's `max` is gone, `max` is the builtin again.
; (`#not-match?`: py-tree-sitter 0.25 ignores `#not-any-of?`.)

; Package level: visible in the whole file. An import binds its name, or its path when that is
; one segment (`"fmt"`).
([(source_file (function_declaration name: (identifier) @definition))
  (source_file (type_declaration (type_spec name: (type_identifier) @definition)))
  (source_file (type_declaration (type_alias name: (type_identifier) @definition)))
  (source_file (var_declaration (var_spec name: (identifier) @definition)))
  (source_file (var_declaration (var_spec_list (var_spec name: (identifier) @definition))))
  (source_file (const_declaration (const_spec name: (identifier) @definition)))
  (import_spec name: (package_identifier) @definition)
  (import_spec !name path: (interpreted_string_literal (interpreted_string_literal_content) @definition))]
 (#not-match? @definition "^(_|any|bool|byte|comparable|complex64|complex128|error|float32|float64|int|int8|int16|int32|int64|rune|string|uint|uint8|uint16|uint32|uint64|uintptr|true|false|iota|nil|append|cap|clear|close|complex|copy|delete|imag|len|make|max|min|new|panic|print|println|real|recover)$"))

; A local variable: visible after it, to the end of its statement list. (One declared in an
; `if`/`for`/`switch` header is used only in the body that goes with its header.)
([(statement_list (short_var_declaration left: (expression_list (identifier) @definition.local)))
  (statement_list (var_declaration (var_spec name: (identifier) @definition.local)))
  (statement_list (var_declaration (var_spec_list (var_spec name: (identifier) @definition.local))))]
 (#not-match? @definition.local "^(_|any|bool|byte|comparable|complex64|complex128|error|float32|float64|int|int8|int16|int32|int64|rune|string|uint|uint8|uint16|uint32|uint64|uintptr|true|false|iota|nil|append|cap|clear|close|complex|copy|delete|imag|len|make|max|min|new|panic|print|println|real|recover)$"))

; Types used
(pointer_type (type_identifier) @use)
(slice_type (type_identifier) @use)
(array_type (type_identifier) @use)
(implicit_length_array_type (type_identifier) @use)
(map_type (type_identifier) @use)
(channel_type (type_identifier) @use)
(parameter_declaration (type_identifier) @use)
(variadic_parameter_declaration (type_identifier) @use)
(field_declaration (type_identifier) @use)
(var_spec (type_identifier) @use)
(const_spec (type_identifier) @use)
(composite_literal (type_identifier) @use)
(function_declaration (type_identifier) @use)
(method_declaration (type_identifier) @use)
(func_literal (type_identifier) @use)
(function_type (type_identifier) @use)
(method_elem (type_identifier) @use)
(type_case (type_identifier) @use)
(type_assertion_expression (type_identifier) @use)
(type_conversion_expression (type_identifier) @use)
(generic_type (type_identifier) @use)
(type_elem (type_identifier) @use)
(type_constraint (type_identifier) @use)
(parenthesized_type (type_identifier) @use)
(negated_type (type_identifier) @use)
(type_spec type: (type_identifier) @use)
(type_alias type: (type_identifier) @use)
(qualified_type package: (package_identifier) @use)

; Values used (`=` and `+=` in an assignment only use)
(call_expression (identifier) @use)
(argument_list (identifier) @use)
(binary_expression (identifier) @use)
(unary_expression (identifier) @use)
(index_expression (identifier) @use)
(slice_expression (identifier) @use)
(parenthesized_expression (identifier) @use)
(send_statement (identifier) @use)
(inc_statement (identifier) @use)
(dec_statement (identifier) @use)
(type_assertion_expression (identifier) @use)
(type_conversion_expression (identifier) @use)
(variadic_argument (identifier) @use)
(selector_expression operand: (identifier) @use)
(if_statement condition: (identifier) @use)
(expression_switch_statement value: (identifier) @use)
(range_clause right: (identifier) @use)
(keyed_element value: (literal_element (identifier) @use))
(literal_value (literal_element (identifier) @use))
(return_statement (expression_list (identifier) @use))
(assignment_statement (expression_list (identifier) @use))
(expression_case value: (expression_list (identifier) @use))
(short_var_declaration right: (expression_list (identifier) @use))
(var_spec value: (expression_list (identifier) @use))
(const_spec value: (expression_list (identifier) @use))

; Every leaf that may name something
[(identifier) (type_identifier) (field_identifier) (package_identifier) (label_name)] @name
