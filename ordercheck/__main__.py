"""`python -m ordercheck ...` is the `ordercheck` command."""

from .quick import entry

if __name__ == "__main__":
    entry()
