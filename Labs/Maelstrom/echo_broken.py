#!/usr/bin/env python3
"""BROKEN ON PURPOSE: every fifth echo comes back changed (a string gains a "!",
a number grows by one, anything else is wrapped in a list). The echo checker
must report the reply whose value differs from the request's. Everything else
is echo.py unchanged.
"""

import echo as reference

answered = 0


def altered(value):
    if isinstance(value, str):
        return value + "!"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value + 1
    return [value]


def echo_sometimes_wrong(request):
    global answered
    answered += 1
    value = request["body"]["echo"]
    if answered % 5 == 0:
        value = altered(value)  # the bug
    reference.node.reply(request, {"type": "echo_ok", "echo": value})


reference.echo = echo_sometimes_wrong
reference.main()
