; The locals query that C and C++ share: C++'s locals.scm inherits it, and C's fallback adds
; c_locals.scm (see lintseq_x.core.toolkit.scope_checker for the captures). Each language adds
; how it binds struct members, tags and labels, and which type names are references.

[(compound_statement) (function_definition) (for_statement) (parameter_list)
 (preproc_function_def)] @local.scope

; Declared names. Parameters bind in their function (`.outer` from the parameter list, below),
; and only names in prototypes' parameter lists stay there.
(init_declarator declarator: (identifier) @local.definition)
(declaration declarator: (identifier) @local.definition)
(pointer_declarator declarator: (identifier) @local.definition)
(array_declarator declarator: (identifier) @local.definition)
(parenthesized_declarator (identifier) @local.definition)
(function_declarator declarator: (identifier) @local.definition)
(parameter_declaration declarator: (identifier) @local.definition)
(type_definition declarator: (type_identifier) @local.definition)
(pointer_declarator declarator: (type_identifier) @local.definition)
(function_declarator declarator: (type_identifier) @local.definition)
(parenthesized_declarator (type_identifier) @local.definition)
(array_declarator declarator: (type_identifier) @local.definition)
(enumerator name: (identifier) @local.definition)
(preproc_def name: (identifier) @local.definition)
(preproc_function_def name: (identifier) @local.definition.outer)
(preproc_params (identifier) @local.definition)

; A function's name binds outside the function; its parameters inside it.
(function_definition declarator: (function_declarator declarator: (identifier) @local.definition.outer))
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @local.definition.outer)))
(function_definition declarator: (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @local.definition.outer))))
(function_definition declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (identifier) @local.definition.outer))))
(function_definition declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (_ declarator: (identifier) @local.definition.outer)))))
(function_definition declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (_ declarator: (_ declarator: (identifier) @local.definition.outer))))))
(function_definition declarator: (_ declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (identifier) @local.definition.outer)))))
(function_definition declarator: (_ declarator: (_ parameters: (parameter_list (parameter_declaration declarator: (_ declarator: (identifier) @local.definition.outer))))))

; Macro names tested by the preprocessor need no definition: they are not references.
(preproc_ifdef name: (identifier) @local.definition)
(preproc_elifdef name: (identifier) @local.definition)
(preproc_defined (identifier) @local.definition)
(preproc_if condition: (identifier) @local.definition)
(preproc_if condition: (_ (identifier) @local.definition))
(preproc_if condition: (_ (_ (identifier) @local.definition)))
(preproc_elif condition: (identifier) @local.definition)
(preproc_elif condition: (_ (identifier) @local.definition))
(preproc_elif condition: (_ (_ (identifier) @local.definition)))

(identifier) @local.reference

; Names the program never declares come from its includes (`@local.import`).
(preproc_include) @local.import
