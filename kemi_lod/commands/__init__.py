"""The commands that are more than a call: `serve` (negotiation and the endpoint), `publish`
(to a triple store), `init` (a new publication). Each reads a build or writes a new folder;
the click definitions stay in `cli`.
"""
