"""The error a feed fails with: it names the file, line and column and what the spec expects."""
from __future__ import annotations


class FeedError(Exception):
    """A drop-folder file that cannot be landed as it is; its feed keeps its previous table.

    `str(error)` reads "<file> line <n>, column '<header>': <what is wrong and what the spec
    expects>", leaving out the line or column when the problem is not tied to one.
    """

    def __init__(self, file: str, problem: str, *, line: int | None = None,
                 column: str | None = None):
        self.file = file
        self.problem = problem
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __reduce__(self):
        # picklable with its keyword arguments: a validation worker hands its failed
        # feeds' outcomes (which hold the error) back to the main process
        return _feed_error, (self.file, self.problem, self.line, self.column)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.column is not None:
            where += f"{',' if self.line is not None else ''} column {self.column!r}"
        return f"{where}: {self.problem}"


def _feed_error(file: str, problem: str, line: int | None, column: str | None) -> FeedError:
    return FeedError(file, problem, line=line, column=column)
