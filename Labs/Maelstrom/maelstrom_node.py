"""A small Maelstrom node: the protocol plumbing the reference nodes share.

Maelstrom's protocol (https://github.com/jepsen-io/maelstrom, doc/protocol.md):
one JSON message per line on stdin, replies one per line on stdout, logs on
stderr. This module reads and parses lines, answers `init` with `init_ok`,
numbers every message it sends (`msg_id`), fills `in_reply_to` on replies,
calls a callback when an RPC's reply arrives (or `None` when it times out),
and runs timers. Everything happens on one thread, in one select loop, so a
handler never races another handler. Python 3 standard library only.

    from maelstrom_node import Node
    node = Node()
    node.serve({"echo": lambda req: node.reply(req, {"type": "echo_ok", "echo": req["body"]["echo"]})})
"""

import heapq
import itertools
import json
import os
import select
import sys
import time
import traceback

# Maelstrom's error codes (doc/protocol.md, "Errors").
TIMEOUT = 0
NODE_NOT_FOUND = 1
NOT_SUPPORTED = 10
TEMPORARILY_UNAVAILABLE = 11
MALFORMED_REQUEST = 12
CRASH = 13
ABORT = 14
KEY_DOES_NOT_EXIST = 20
KEY_ALREADY_EXISTS = 21
PRECONDITION_FAILED = 22
TXN_CONFLICT = 30


class Node:
    """One Maelstrom node: handlers by message type, RPCs, timers, one loop."""

    def __init__(self):
        self.node_id = None
        self.node_ids = []
        self.handlers = {}
        self.init_hooks = []
        self._next_msg_id = 0
        self._callbacks = {}  # msg_id -> (callback, timer handle or None)
        self._timers = []  # heap of (deadline, sequence, action)
        self._sequence = itertools.count()
        self._cancelled = set()
        self._pending = b""

    # Handlers -------------------------------------------------------------

    def on(self, message_type, handler):
        """Calls `handler(message)` for every message whose body type is `message_type`."""
        self.handlers[message_type] = handler

    def on_init(self, hook):
        """Calls `hook()` once, after `init` set node_id and node_ids and before init_ok is sent."""
        self.init_hooks.append(hook)

    def other_nodes(self):
        return [n for n in self.node_ids if n != self.node_id]

    # Sending ----------------------------------------------------------------

    def send(self, dest, body):
        """Sends `body` to `dest` with a fresh msg_id; returns that id."""
        self._next_msg_id += 1
        body = dict(body, msg_id=self._next_msg_id)
        self._write({"src": self.node_id, "dest": dest, "body": body})
        return self._next_msg_id

    def reply(self, request, body):
        """Answers `request` (a whole message) with `body`, setting in_reply_to."""
        body = dict(body, in_reply_to=request["body"].get("msg_id"))
        self.send(request["src"], body)

    def error(self, request, code, text):
        self.reply(request, {"type": "error", "code": code, "text": text})

    def rpc(self, dest, body, callback, timeout=None):
        """Sends a request; calls `callback(reply)` on its reply, or `callback(None)` after `timeout` s."""
        msg_id = self.send(dest, body)
        handle = None
        if timeout is not None:
            handle = self.after(timeout, lambda: self._expire(msg_id))
        self._callbacks[msg_id] = (callback, handle)
        return msg_id

    def _expire(self, msg_id):
        entry = self._callbacks.pop(msg_id, None)
        if entry is not None:
            entry[0](None)

    def log(self, *parts):
        print(*parts, file=sys.stderr, flush=True)

    def _write(self, message):
        try:
            sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            sys.exit(0)

    # Timers -----------------------------------------------------------------

    def after(self, seconds, action):
        """Runs `action()` once, `seconds` from now; returns a handle for `cancel`."""
        handle = next(self._sequence)
        heapq.heappush(self._timers, (time.monotonic() + seconds, handle, action))
        return handle

    def every(self, seconds, action):
        """Runs `action()` every `seconds`, starting `seconds` from now."""
        def tick():
            action()
            self.after(seconds, tick)
        return self.after(seconds, tick)

    def cancel(self, handle):
        if handle is not None:
            self._cancelled.add(handle)

    def _run_due_timers(self):
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            _, handle, action = heapq.heappop(self._timers)
            if handle in self._cancelled:
                self._cancelled.discard(handle)
                continue
            action()

    # The loop ---------------------------------------------------------------

    def serve(self, handlers, init=None):
        """Registers `handlers` (message type -> function) and an optional init hook, then runs."""
        for message_type, handler in handlers.items():
            self.on(message_type, handler)
        if init is not None:
            self.on_init(init)
        self.run()

    def run(self):
        """Reads messages until stdin ends, running handlers and timers as they come due."""
        fd = sys.stdin.fileno()
        while True:
            wait = None
            if self._timers:
                wait = max(0.0, self._timers[0][0] - time.monotonic())
            readable, _, _ = select.select([fd], [], [], wait)
            # Timers that came due while waiting run before the input that woke us:
            # a message written after a deadline is handled after that deadline's timer.
            self._run_due_timers()
            if not readable:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                return
            self._pending += chunk
            *lines, self._pending = self._pending.split(b"\n")
            for line in lines:
                if line.strip():
                    self._handle_line(line)

    def _handle_line(self, line):
        try:
            message = json.loads(line)
            body = message["body"]
            kind = body["type"]
        except (ValueError, KeyError, TypeError) as problem:
            self.log("ignoring a line that is not a Maelstrom message (%s): %r" % (problem, line[:200]))
            return
        reply_to = body.get("in_reply_to")
        if reply_to is not None and reply_to in self._callbacks:
            callback, handle = self._callbacks.pop(reply_to)
            self.cancel(handle)
            callback(message)
            return
        if kind == "init":
            self.node_id = body["node_id"]
            self.node_ids = list(body["node_ids"])
            for hook in self.init_hooks:
                hook()
            self.reply(message, {"type": "init_ok"})
            self.log("node %s initialised, cluster %s" % (self.node_id, self.node_ids))
            return
        handler = self.handlers.get(kind)
        if handler is not None:
            try:
                handler(message)
            except Exception:  # a bad request or a bug: log it, answer, keep serving
                self.log("handling %r from %s failed:\n%s" % (kind, message.get("src"), traceback.format_exc()))
                if reply_to is None and "msg_id" in body:
                    # Indefinite: the handler may have changed state before it failed.
                    self.error(message, CRASH, "the node failed handling %r (see its log)" % kind)
        elif reply_to is None and "msg_id" in body:
            self.error(message, NOT_SUPPORTED, "this node does not handle %r" % kind)
        else:
            self.log("ignoring an unexpected %r from %s" % (kind, message.get("src")))
