"""The build: orchestration (`pipeline`), the per-record worker, the cache and the atomic switch.

The only package that calls the others in order: records -> mapping -> shacl -> outputs, site.
"""
