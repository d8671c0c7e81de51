; Scopes and names for the core's scope checker (nvim-treesitter's locals convention, with the
; core's namespaces). A local is visible from its declaration to the end of its block, so every
; scope is ordered (see ORDERED_SCOPES in __init__.py).

; Scopes. `repeat ... until cond` is one scope: the condition sees the body's locals.
(chunk) @local.scope
(do_statement) @local.scope
(while_statement) @local.scope
(repeat_statement) @local.scope
(for_statement) @local.scope
(function_declaration) @local.scope
(function_definition) @local.scope
(if_statement consequence: (block) @local.scope)
(elseif_statement consequence: (block) @local.scope)
(else_statement body: (block) @local.scope)

; Locals.
(variable_declaration (assignment_statement (variable_list name: (identifier) @local.definition)))
(variable_declaration (variable_list name: (identifier) @local.definition))
; `local function f` binds f around the function (and inside it: recursion).
(function_declaration "local" name: (identifier) @local.definition.outer)
(parameters name: (identifier) @local.definition)
(for_numeric_clause name: (identifier) @local.definition)
(for_generic_clause (variable_list name: (identifier) @local.definition))

; Globals set at file scope: visible everywhere, in any order (the `global` namespace is not
; ordered). Globals set inside functions are not declarations: such names count as external.
(chunk (assignment_statement (variable_list name: (identifier) @local.definition.global)))
((chunk (function_declaration name: (identifier) @local.definition.global) @_global)
  (#not-match? @_global "^local"))

; References: identifiers used as variables, never field or method names, labels or
; attributes. Each resolves against locals or file-scope globals. `self` is declared
; implicitly by every `function T:method()`, so it is never checked.
((expression_list (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((arguments (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((binary_expression (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((unary_expression operand: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((parenthesized_expression (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((variable_list name: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((field value: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((field "[" name: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((dot_index_expression table: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((method_index_expression table: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((bracket_index_expression table: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((bracket_index_expression field: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((function_call name: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((if_statement condition: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((elseif_statement condition: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((while_statement condition: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((repeat_statement condition: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((for_numeric_clause start: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((for_numeric_clause end: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
((for_numeric_clause step: (identifier) @local.reference @local.reference.global) (#not-eq? @local.reference "self"))
