; What tsc requires that node types cannot say (StructureRules.requirement_query): @owner keeps
; @member while both are in the state.

; A derived class's constructor keeps its `super(...)` call (TS2377; without the constructor the
; implicit one calls it).
((method_definition name: (property_identifier) @_c
   body: (statement_block (expression_statement (call_expression function: (super))) @member)) @owner
 (#eq? @_c "constructor"))

; An overload signature keeps what follows it: another signature of its name, or the
; implementation (TS2391, TS2389), comments between, so that the chain ends in the body. For
; functions, exported or not, and class methods alike. (The joiner of the structure rules already
; makes a signature and the line after it one unit; a multi-line signature, or comments between,
; leave them apart.)
((program (function_signature name: (identifier) @_a) @owner . (comment)* . [(function_signature name: (identifier) @_b @member) (function_declaration name: (identifier) @_b @member)]) (#eq? @_a @_b))
((statement_block (function_signature name: (identifier) @_a) @owner . (comment)* . [(function_signature name: (identifier) @_b @member) (function_declaration name: (identifier) @_b @member)]) (#eq? @_a @_b))
((program (export_statement (function_signature name: (identifier) @_a)) @owner . (comment)* . (export_statement [(function_signature name: (identifier) @_b @member) (function_declaration name: (identifier) @_b @member)])) (#eq? @_a @_b))
((statement_block (export_statement (function_signature name: (identifier) @_a)) @owner . (comment)* . (export_statement [(function_signature name: (identifier) @_b @member) (function_declaration name: (identifier) @_b @member)])) (#eq? @_a @_b))
((class_body (method_signature name: (_) @_a) @owner . (comment)* . [(method_signature name: (_) @_b @member) (method_definition name: (_) @_b @member)]) (#eq? @_a @_b))
