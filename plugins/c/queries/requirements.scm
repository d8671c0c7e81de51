; A value that starts on the line after its `=` (`ret =\n    f(...);`) is what the `=` line
; needs: deleting the value alone leaves `ret =` to swallow the next statement, which parses,
; but is an error wherever that statement is a macro call (`SOCKET_ERR(err, "bind")` expands to
; an `if`), and a type error in most other places.
(assignment_expression right: (_) @member) @owner
(init_declarator value: (_) @member) @owner
