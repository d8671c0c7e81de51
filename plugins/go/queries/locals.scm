; The pip-only fallback's locals query for Go (nvim-treesitter's convention; see
; lintseq_x.core.toolkit.scope_checker for the captures).

[(function_declaration) (method_declaration) (func_literal) (block) (if_statement) (for_statement)
 (expression_switch_statement) (type_switch_statement) (select_statement) (expression_case)
 (default_case) (type_case) (communication_case)] @local.scope

; A file needs its package clause; tree-sitter parses one without it happily, Go does not. So
; each top-level declaration's keyword (`func`, `type`, `import`...) is a reference to itself
; (below) and, in a file whose package clause comes first, also its definition: in a state that
; lost the package clause every top-level declaration is an unresolved name, and goes with it.
; File-scope names bind only in such a file too. An import without a name binds its package's
; name, the path's last segment (`.path`).
(source_file (package_clause) (function_declaration "func" @local.definition))
(source_file (package_clause) (method_declaration "func" @local.definition))
(source_file (package_clause) (type_declaration "type" @local.definition))
(source_file (package_clause) (var_declaration "var" @local.definition))
(source_file (package_clause) (const_declaration "const" @local.definition))
(source_file (package_clause) (import_declaration "import" @local.definition))
(source_file (package_clause) (function_declaration name: (identifier) @local.definition.outer))
(source_file (package_clause) (method_declaration name: (field_identifier) @local.definition.outer.member))
(source_file (package_clause) (type_declaration (type_spec name: (type_identifier) @local.definition.outer)))
(source_file (package_clause) (type_declaration (type_alias name: (type_identifier) @local.definition.outer)))
(source_file (package_clause) (var_declaration (var_spec name: (identifier) @local.definition)))
(source_file (package_clause) (var_declaration (var_spec_list (var_spec name: (identifier) @local.definition))))
(source_file (package_clause) (const_declaration (const_spec name: (identifier) @local.definition)))
(source_file (package_clause) (import_declaration (import_spec name: (package_identifier) @local.definition)))
(source_file (package_clause) (import_declaration (import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @local.definition))))
(source_file (package_clause) (import_declaration (import_spec !name path: (interpreted_string_literal) @local.definition.path)))
(source_file (package_clause) (import_declaration (import_spec_list (import_spec name: (package_identifier) @local.definition))))
(source_file (package_clause) (import_declaration (import_spec_list (import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @local.definition)))))
(source_file (package_clause) (import_declaration (import_spec_list (import_spec !name path: (interpreted_string_literal) @local.definition.path))))

; Locals, parameters and labels. Members: struct fields and methods (interface methods too)
; bind at the scope of their type, in their own namespace (`member`): a field `text` does not
; hide a deleted variable `text`.
(statement_list (var_declaration (var_spec name: (identifier) @local.definition)))
(statement_list (var_declaration (var_spec_list (var_spec name: (identifier) @local.definition))))
(statement_list (const_declaration (const_spec name: (identifier) @local.definition)))
(statement_list (type_declaration (type_spec name: (type_identifier) @local.definition)))
(statement_list (type_declaration (type_alias name: (type_identifier) @local.definition)))
(short_var_declaration left: (expression_list (identifier) @local.definition))
(range_clause left: (expression_list (identifier) @local.definition) ":=")
(receive_statement left: (expression_list (identifier) @local.definition) ":=")
(type_switch_statement alias: (expression_list (identifier) @local.definition))
(function_declaration (parameter_list (parameter_declaration name: (identifier) @local.definition)))
(function_declaration (parameter_list (variadic_parameter_declaration name: (identifier) @local.definition)))
(method_declaration (parameter_list (parameter_declaration name: (identifier) @local.definition)))
(method_declaration (parameter_list (variadic_parameter_declaration name: (identifier) @local.definition)))
(func_literal (parameter_list (parameter_declaration name: (identifier) @local.definition)))
(func_literal (parameter_list (variadic_parameter_declaration name: (identifier) @local.definition)))
(type_parameter_declaration name: (identifier) @local.definition)
(labeled_statement label: (label_name) @local.definition.label)
(field_declaration name: (field_identifier) @local.definition.member)
(method_elem name: (field_identifier) @local.definition.member)

; Where an identifier is used as a value (every parent type tree-sitter-go gives one, from the
; Go standard library's sources). `_` is never a reference: it binds nothing.
((selector_expression (identifier) @local.reference) (#not-eq? @local.reference "_"))
((expression_list (identifier) @local.reference) (#not-eq? @local.reference "_"))
((argument_list (identifier) @local.reference) (#not-eq? @local.reference "_"))
((call_expression (identifier) @local.reference) (#not-eq? @local.reference "_"))
((binary_expression (identifier) @local.reference) (#not-eq? @local.reference "_"))
((index_expression (identifier) @local.reference) (#not-eq? @local.reference "_"))
((unary_expression (identifier) @local.reference) (#not-eq? @local.reference "_"))
((slice_expression (identifier) @local.reference) (#not-eq? @local.reference "_"))
((inc_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
((dec_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
((range_clause (identifier) @local.reference) (#not-eq? @local.reference "_"))
((if_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
((type_assertion_expression (identifier) @local.reference) (#not-eq? @local.reference "_"))
((expression_switch_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
((type_switch_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
((send_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
((variadic_argument (identifier) @local.reference) (#not-eq? @local.reference "_"))
((type_conversion_expression (identifier) @local.reference) (#not-eq? @local.reference "_"))
((array_type (identifier) @local.reference) (#not-eq? @local.reference "_"))
((parenthesized_expression (identifier) @local.reference) (#not-eq? @local.reference "_"))
((for_clause (identifier) @local.reference) (#not-eq? @local.reference "_"))
((for_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
((go_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
((defer_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
((receive_statement (identifier) @local.reference) (#not-eq? @local.reference "_"))
(source_file (function_declaration "func" @local.reference))
(source_file (method_declaration "func" @local.reference))
(source_file (type_declaration "type" @local.reference))
(source_file (var_declaration "var" @local.reference))
(source_file (const_declaration "const" @local.reference))
(source_file (import_declaration "import" @local.reference))

; Every selector's field (`x.name`) is a member reference, and a composite literal's key
; (`T{name: v}`, `map[K]V{k: v}`) a reference in both namespaces, so that deleting a field or
; method flags its uses. Like every name here this is by name alone, without types: a selector
; is judged only when the program declares a member of that name (`b.String()` on a
; strings.Builder is external unless the program has a `String`); fallback/selectors.py types
; what it can.
((literal_value (literal_element (identifier) @local.reference)) (#not-eq? @local.reference "_"))
(keyed_element . (literal_element (identifier) @local.reference.member))
(keyed_element . (literal_element (identifier) @local.reference))
(keyed_element (literal_element) . (literal_element (identifier) @local.reference))
(selector_expression field: (field_identifier) @local.reference.member)
(method_declaration name: (field_identifier) @local.reference.member)
(import_spec name: (package_identifier) @local.reference)
(import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @local.reference))
(qualified_type package: (package_identifier) @local.reference)
(type_identifier) @local.reference
(label_name) @local.reference.label
