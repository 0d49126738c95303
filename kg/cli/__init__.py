"""The ``kg`` command line: a thin layer over the library, one module per task.

:mod:`kg.cli.app` holds the group and its one KGError boundary, :mod:`kg.cli.options` the shared
options; the commands are grouped by task: :mod:`~kg.cli.build` (validate, build, export, import,
synth, resolve), :mod:`~kg.cli.ask` (audit, query, paths, sparql, serve), :mod:`~kg.cli.draw`
(render, report) and :mod:`~kg.cli.draft` (extract, read).
"""

from kg.cli import ask, build, draft, draw
from kg.cli.app import main

for _command in (
    build.validate_command,
    build.build_command,
    build.export_command,
    build.import_group,
    build.synth_command,
    build.resolve_command,
    ask.audit_command,
    ask.query_group,
    ask.paths_command,
    ask.sparql_command,
    ask.serve_command,
    draw.render_command,
    draw.report_command,
    draft.extract_command,
    draft.read_command,
):
    main.add_command(_command)

__all__ = ["main"]
