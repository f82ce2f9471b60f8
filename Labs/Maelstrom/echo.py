#!/usr/bin/env python3
"""Reference node for Maelstrom's echo workload: `echo {echo}` -> `echo_ok {echo}`, the same value."""

from maelstrom_node import Node

node = Node()


def echo(request):
    node.reply(request, {"type": "echo_ok", "echo": request["body"]["echo"]})


def main():
    """Registers the handlers and serves until stdin ends (the broken variants call it too)."""
    node.serve({"echo": echo})


if __name__ == "__main__":
    main()
