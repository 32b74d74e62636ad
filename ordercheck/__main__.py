"""`python -m ordercheck ...` is the `ordercheck` command."""

from .cli import entry

if __name__ == "__main__":
    entry()
