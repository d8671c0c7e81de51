; What javac's flow and member checks require of a class, and a deletion can break (see
; `StructureRules.requirement_query`); the fallback cannot see these, so structure keeps such
; states out of reach for either checker. (A method is named by its name, not its first line:
; that may be the annotation's, a unit of its own.)

; Where the file declares both a type and a class that implements or extends it (siblings,
; in either order, in the file or in a class body), the class keeps its method of each abstract
; method's name, and an @Override method goes when no method of its name is left in the
; supertypes. An interface's methods without a body, and a class's `abstract` ones, must be
; implemented; classes and records implement interfaces, classes extend classes.
((program
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration !body name: (identifier) @_a)))
    (class_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner)
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((program
    (class_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration !body name: (identifier) @_a))))
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((program
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration name: (identifier) @_a @member.any)))
    (class_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((program
    (class_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner)))
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration name: (identifier) @_a @member.any))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((class_body
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration !body name: (identifier) @_a)))
    (class_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner)
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((class_body
    (class_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration !body name: (identifier) @_a))))
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((class_body
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration name: (identifier) @_a @member.any)))
    (class_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((class_body
    (class_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner)))
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration name: (identifier) @_a @member.any))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((program
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration !body name: (identifier) @_a)))
    (record_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner)
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((program
    (record_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration !body name: (identifier) @_a))))
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((program
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration name: (identifier) @_a @member.any)))
    (record_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((program
    (record_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner)))
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration name: (identifier) @_a @member.any))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((class_body
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration !body name: (identifier) @_a)))
    (record_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner)
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((class_body
    (record_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration !body name: (identifier) @_a))))
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((class_body
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration name: (identifier) @_a @member.any)))
    (record_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((class_body
    (record_declaration
      interfaces: (super_interfaces (type_list [(type_identifier) @_t (generic_type (type_identifier) @_t)]))
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner)))
    (interface_declaration
      name: (identifier) @_i
      body: (interface_body (method_declaration name: (identifier) @_a @member.any))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((program
    (class_declaration
      name: (identifier) @_i
      body: (class_body (method_declaration (modifiers "abstract") name: (identifier) @_a)))
    (class_declaration
      superclass: (superclass [(type_identifier) @_t (generic_type (type_identifier) @_t)])
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner)
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((program
    (class_declaration
      superclass: (superclass [(type_identifier) @_t (generic_type (type_identifier) @_t)])
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner
    (class_declaration
      name: (identifier) @_i
      body: (class_body (method_declaration (modifiers "abstract") name: (identifier) @_a))))
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((program
    (class_declaration
      name: (identifier) @_i
      body: (class_body (method_declaration name: (identifier) @_a @member.any)))
    (class_declaration
      superclass: (superclass [(type_identifier) @_t (generic_type (type_identifier) @_t)])
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((program
    (class_declaration
      superclass: (superclass [(type_identifier) @_t (generic_type (type_identifier) @_t)])
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner)))
    (class_declaration
      name: (identifier) @_i
      body: (class_body (method_declaration name: (identifier) @_a @member.any))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((class_body
    (class_declaration
      name: (identifier) @_i
      body: (class_body (method_declaration (modifiers "abstract") name: (identifier) @_a)))
    (class_declaration
      superclass: (superclass [(type_identifier) @_t (generic_type (type_identifier) @_t)])
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner)
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((class_body
    (class_declaration
      superclass: (superclass [(type_identifier) @_t (generic_type (type_identifier) @_t)])
      body: (class_body (method_declaration name: (identifier) @_b @member))) @owner
    (class_declaration
      name: (identifier) @_i
      body: (class_body (method_declaration (modifiers "abstract") name: (identifier) @_a))))
  (#eq? @_i @_t)
  (#eq? @_a @_b))

((class_body
    (class_declaration
      name: (identifier) @_i
      body: (class_body (method_declaration name: (identifier) @_a @member.any)))
    (class_declaration
      superclass: (superclass [(type_identifier) @_t (generic_type (type_identifier) @_t)])
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

((class_body
    (class_declaration
      superclass: (superclass [(type_identifier) @_t (generic_type (type_identifier) @_t)])
      body: (class_body
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @_b @owner)))
    (class_declaration
      name: (identifier) @_i
      body: (class_body (method_declaration name: (identifier) @_a @member.any))))
  (#eq? @_i @_t)
  (#eq? @_a @_b)
  (#eq? @_o "Override"))

; A class (anonymous ones too) keeps each method marked @Override: it may implement an
; abstract or interface method (not the Object methods every class has).
((class_declaration
    body: (class_body
            (method_declaration
              (modifiers (marker_annotation name: (identifier) @_o))
              name: (identifier) @member))) @owner
  (#eq? @_o "Override")
  (#not-match? @member "^(toString|equals|hashCode)$"))

((record_declaration
    body: (class_body
            (method_declaration
              (modifiers (marker_annotation name: (identifier) @_o))
              name: (identifier) @member))) @owner
  (#eq? @_o "Override")
  (#not-match? @member "^(toString|equals|hashCode)$"))

((enum_declaration
    body: (enum_body
            (enum_body_declarations
              (method_declaration
                (modifiers (marker_annotation name: (identifier) @_o))
                name: (identifier) @member)))) @owner
  (#eq? @_o "Override")
  (#not-match? @member "^(toString|equals|hashCode)$"))

((object_creation_expression
    (class_body
      (method_declaration (modifiers (marker_annotation name: (identifier) @_o)) name: (identifier) @member))) @owner
  (#eq? @_o "Override")
  (#not-match? @member "^(toString|equals|hashCode)$"))

((enum_constant
    body: (class_body
            (method_declaration
              (modifiers (marker_annotation name: (identifier) @_o))
              name: (identifier) @member))) @owner
  (#eq? @_o "Override")
  (#not-match? @member "^(toString|equals|hashCode)$"))

; A constructor keeps its `super(...)`/`this(...)` call with arguments (without it javac calls
; `super()`, which the superclass may not have), and a subclass keeps each constructor that
; passes arguments to `super(...)` (without one, its default constructor does).
(constructor_declaration
  body: (constructor_body (explicit_constructor_invocation arguments: (argument_list (_))) @member)) @owner

(class_declaration
  superclass: (superclass)
  body: (class_body
          (constructor_declaration
            body: (constructor_body
                    (explicit_constructor_invocation constructor: (super) arguments: (argument_list (_))))) @member)) @owner

; A blank `final` field keeps the assignment of it in each constructor.
((class_body
    (field_declaration (modifiers "final") declarator: (variable_declarator name: (identifier) @_f !value)) @owner
    (constructor_declaration
      body: (constructor_body
              (expression_statement
                (assignment_expression
                  left: [(identifier) @_g (field_access object: (this) field: (identifier) @_g)])) @member)))
  (#eq? @_f @_g))

((class_body
    (constructor_declaration
      body: (constructor_body
              (expression_statement
                (assignment_expression
                  left: [(identifier) @_g (field_access object: (this) field: (identifier) @_g)])) @member))
    (field_declaration (modifiers "final") declarator: (variable_declarator name: (identifier) @_f !value)) @owner)
  (#eq? @_f @_g))

; A `while (true)` or `for (;;)` loop keeps at least one `break` (else what follows it is
; unreachable), up to three blocks deep.
(while_statement condition: (parenthesized_expression (true)) body: (block (break_statement) @member.any)) @owner
(while_statement
  condition: (parenthesized_expression (true))
  body: (block (_ (block (break_statement) @member.any)))) @owner

(while_statement
  condition: (parenthesized_expression (true))
  body: (block (_ (_ (block (break_statement) @member.any))))) @owner

(while_statement
  condition: (parenthesized_expression (true))
  body: (block (_ (block (_ (block (break_statement) @member.any)))))) @owner

(for_statement !condition body: (block (break_statement) @member.any)) @owner
(for_statement !condition body: (block (_ (block (break_statement) @member.any)))) @owner
(for_statement !condition body: (block (_ (_ (block (break_statement) @member.any))))) @owner
(for_statement !condition body: (block (_ (block (_ (block (break_statement) @member.any)))))) @owner
