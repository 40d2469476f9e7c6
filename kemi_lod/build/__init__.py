"""The build: orchestration (`pipeline`), the per-record `worker`, the `cache` and the `atomic`
switch of the output folder. The only package that calls the stages in order:
records -> mapping -> shacl -> outputs and site. May import every stage; no stage imports it.
"""
