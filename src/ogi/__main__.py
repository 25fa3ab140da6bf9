"""`python -m ogi` is the `ogi` command."""

from .cli import app

app(prog_name="ogi")
