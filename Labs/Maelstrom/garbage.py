#!/usr/bin/env python3
"""BROKEN ON PURPOSE: answers init, then prints a line that is not JSON on
stdout (a debugging print a student forgot). A runner must stop with a clear
protocol error naming the node and the line (exit 2), not crash or hang.
"""

import sys

from maelstrom_node import Node

node = Node()


def say_hello_on_stdout():
    print("hello from %s, debugging on stdout" % node.node_id, flush=True)


node.on_init(lambda: node.after(0, say_hello_on_stdout))
node.on("echo", lambda request: node.reply(request, {"type": "echo_ok", "echo": request["body"]["echo"]}))
node.run()
