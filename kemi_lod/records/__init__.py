"""Records: YAML on disk -> typed, located records, every problem collected.

`kinds` (the resource kinds, the id pattern, the paths and IRIs they make), `yamldoc` (YAML with
line numbers), `fields` (typed field specs), `load` (each kind's fields, scanning and loading).
May import `errors` only.
"""
