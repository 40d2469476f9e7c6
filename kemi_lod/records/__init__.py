"""Records: YAML on disk -> typed, located records, every problem collected.

`yamldoc` (YAML with line numbers), `fields` (typed field specs), `load` (the record kinds and
their fields, scanning and loading). May import `errors` only.
"""
