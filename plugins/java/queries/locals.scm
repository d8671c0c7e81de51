; The pip-only fallback's locals query for Java (see lintseq_x.core.toolkit.scope_checker).
;
; Class, interface, enum and record bodies are not scopes: a member (field, method, nested type,
; enum constant) is visible from the whole file, as it is through inheritance and qualified
; access, which this analysis does not model. Java keeps methods apart from variables, so
; methods bind in a namespace of their own (`method`), in which every call `f()`, `obj.f()` and
; method reference `X::f` is looked up; fields, enum constants, record components and nested
; types also bind in `member`, in which every `obj.name` is looked up (a parameter `name` does
; not stand in for a deleted field `name` there). Like every name here this is by name alone,
; without types: `list.add(x)` is judged only when the program declares a method `add`.
; Constructors bind in `constructor`: `new Node(value)` with arguments needs a constructor `Node`
; still declared (`strict`: the class alone gives only the default constructor), where the
; program declares one.

[(block) (method_declaration) (constructor_declaration) (compact_constructor_declaration)
 (lambda_expression) (for_statement) (enhanced_for_statement) (catch_clause)
 (try_with_resources_statement) (switch_block)] @local.scope

(class_declaration name: (identifier) @local.definition)
(interface_declaration name: (identifier) @local.definition)
(enum_declaration name: (identifier) @local.definition)
(record_declaration name: (identifier) @local.definition)
(annotation_type_declaration name: (identifier) @local.definition)
(enum_constant name: (identifier) @local.definition)
(field_declaration declarator: (variable_declarator name: (identifier) @local.definition))
(field_declaration declarator: (variable_declarator name: (identifier) @local.definition.member))
(method_declaration name: (identifier) @local.definition.outer.method)
(constructor_declaration name: (identifier) @local.definition.outer.constructor)
(record_declaration name: (identifier) @local.definition.constructor)
(record_declaration parameters: (formal_parameters (formal_parameter name: (identifier) @local.definition.outer.member)))
(record_declaration parameters: (formal_parameters (formal_parameter name: (identifier) @local.definition.outer.method)))
(class_declaration name: (identifier) @local.definition.member)
(interface_declaration name: (identifier) @local.definition.member)
(enum_declaration name: (identifier) @local.definition.member)
(record_declaration name: (identifier) @local.definition.member)
(enum_constant name: (identifier) @local.definition.member)
(constant_declaration declarator: (variable_declarator name: (identifier) @local.definition.member))
(constant_declaration declarator: (variable_declarator name: (identifier) @local.definition))
(local_variable_declaration declarator: (variable_declarator name: (identifier) @local.definition))
(formal_parameter name: (identifier) @local.definition)
(spread_parameter (variable_declarator name: (identifier) @local.definition))
(catch_formal_parameter name: (identifier) @local.definition)
(enhanced_for_statement name: (identifier) @local.definition)
(resource name: (identifier) @local.definition)
(lambda_expression parameters: (identifier) @local.definition)
(inferred_parameters (identifier) @local.definition)
(instanceof_expression name: (identifier) @local.definition)
(type_parameter . (type_identifier) @local.definition)
(import_declaration (scoped_identifier name: (identifier) @local.definition) .)
(import_declaration (scoped_identifier name: (identifier) @local.definition.method) .)

(method_invocation object: (identifier) @local.reference)
(method_invocation name: (identifier) @local.reference.method)
(method_reference "::" . (identifier) @local.reference.method)
(field_access object: (identifier) @local.reference)
(method_reference . (identifier) @local.reference)
(variable_declarator value: (identifier) @local.reference)
(enhanced_for_statement value: (identifier) @local.reference)
(instanceof_expression left: (identifier) @local.reference)
(lambda_expression body: (identifier) @local.reference)
(element_value_pair value: (identifier) @local.reference)
(for_statement condition: (identifier) @local.reference)
(explicit_constructor_invocation object: (identifier) @local.reference)
(binary_expression (identifier) @local.reference)
(unary_expression (identifier) @local.reference)
(update_expression (identifier) @local.reference)
(assignment_expression (identifier) @local.reference)
(argument_list (identifier) @local.reference)
(return_statement (identifier) @local.reference)
(parenthesized_expression (identifier) @local.reference)
(ternary_expression (identifier) @local.reference)
(array_access (identifier) @local.reference)
(cast_expression (identifier) @local.reference)
(array_initializer (identifier) @local.reference)
(yield_statement (identifier) @local.reference)
(throw_statement (identifier) @local.reference)
(switch_label (identifier) @local.reference)
(assert_statement (identifier) @local.reference)
(dimensions_expr (identifier) @local.reference)
(annotation_argument_list (identifier) @local.reference)
(element_value_array_initializer (identifier) @local.reference)
(expression_statement (identifier) @local.reference)
(field_access field: (identifier) @local.reference.member)
(object_creation_expression type: (type_identifier) @local.reference.constructor.strict arguments: (argument_list (_)))
(object_creation_expression type: (generic_type (type_identifier) @local.reference.constructor.strict) arguments: (argument_list (_)))
(type_identifier) @local.reference
