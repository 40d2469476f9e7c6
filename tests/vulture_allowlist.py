"""Names vulture cannot see used: entry points and framework hooks (read by tests/test_dead_code.py).

Each is used by something outside our code: click, waitress and urllib, or readers of the settings and results (the benchmark, the documented settings).
"""
# ruff: noqa
# fmt: off
_ = None

# click commands: registered by their decorators, called by click
init; import_page; import_register; serve; publish; check_vocabulary; check_catalog; remove_person_command  # noqa: F821
# waitress: the server's and channel's hooks and the task attributes it reads
content_length; error_task_class; channel_class; server_address; will_close  # noqa
# urllib: a redirect handler's hook, with the framework's signature
redirect_request; msg  # noqa
# read outside the package: the benchmark reads how many records a build redid
rebuilt  # noqa
# a documented setting (publisher.business_id in kemi-lod.yaml), read with the others
business_id  # noqa
# openpyxl: a sheet's and a cell's properties, read by the library when it writes the workbook
freeze_panes; font; number_format  # noqa
# zipfile: an entry's compression and permissions, read when the archive is written
compress_type; external_attr  # noqa
