; StructureRules.requirement_query: @owner keeps @member while both are in the state.
;
; The joiner of the structure rules ties a one-line attribute to the line after it. A multi-line
; attribute (`#[cfg(all(\n    unix,\n))]`) ends on a later line than the joiner sees, so the tie
; is said here, both ways: the attribute goes with what it annotates, and what it annotates goes
; with the attribute. Without the second, deleting a `#[cfg(...)]` would switch its item on, and a
; `mod param;` or `use auxv::...` meant for another configuration would appear in the state.

((attribute_item) @owner . (_) @member)
((attribute_item) @member . (_) @owner)
