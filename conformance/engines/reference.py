"""The reference engine: streams each file row by row and applies every rule once.

This is the definition the fast path is tested against. Memory does not grow with rows except for key and
history state: the primary-key set (X1), the identifier owners (X14), one entry per 宛名番号 with its
history (X2, X17) and a reduced copy of its current row (households X3–X6, X20), and the reference key sets
of the dataset rules (X21, X22, X25, X35).
"""

from __future__ import annotations

from collections.abc import Sequence

from conformance.core.findings import FindingSink
from conformance.engines.context import EngineOptions, Progress, RunContext
from conformance.engines.inputs import InputFile
from conformance.engines.plan import DatasetPlan, FileRun, finished, opened, run_dataset
from conformance.schema.model import SchemaSet

#: Records between two progress reports.
PROGRESS_EVERY = 20_000


class ReferenceEngine:
    def __init__(
        self,
        schema: SchemaSet,
        sink: FindingSink,
        *,
        options: EngineOptions | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.ctx = RunContext.create(schema, sink, options or EngineOptions(), progress)

    def run(self, inputs: Sequence[InputFile]) -> None:
        run_dataset(self.ctx, inputs, self._run_file)

    def _run_file(self, inp: InputFile, plan: DatasetPlan) -> None:
        with opened(self.ctx, inp, plan) as csv:
            if csv.fatal:
                return
            run = FileRun(self.ctx, inp, plan, csv.header or [], csv.names_checked)
            progress, every = self.ctx.progress, 0
            for rec in csv.records():
                run.record(rec)
                if progress is not None:
                    every += 1
                    if every == PROGRESS_EVERY:
                        every = 0
                        progress(inp.display, csv.bytes_read, csv.bytes_total, run.rows)
            finished(self.ctx, csv)
            run.finish()
            if progress is not None:
                progress(inp.display, csv.bytes_total, csv.bytes_total, run.rows)
