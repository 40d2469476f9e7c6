"""The commands that are more than a call, one module each, named after the command: `serve`
(negotiation, the endpoint, the query page), `publish` (to a triple store), `query`, `init`
(a new publication), `check_catalog`, `check_vocabulary`. The click definitions stay in `cli`.
May import every stage but `build`.
"""
