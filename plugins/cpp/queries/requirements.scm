; inherits: c
; C++'s values need their `=` line as C's do.
