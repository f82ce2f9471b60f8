#!/usr/bin/env python3
# A single-node kafka log: correct alone (each node keeps its own logs).
import json, sys
logs, committed, node_id = {}, {}, None
def reply(msg, body):
    body["in_reply_to"] = msg["body"]["msg_id"]
    print(json.dumps({"src": node_id, "dest": msg["src"], "body": body}), flush=True)
for line in sys.stdin:
    msg = json.loads(line)
    b = msg["body"]
    t = b["type"]
    if t == "init":
        node_id = b["node_id"]; reply(msg, {"type": "init_ok"})
    elif t == "send":
        log = logs.setdefault(b["key"], [])
        log.append(b["msg"])
        reply(msg, {"type": "send_ok", "offset": len(log) - 1})
    elif t == "poll":
        out = {}
        for k, off in b["offsets"].items():
            log = logs.get(k, [])
            out[k] = [[o, log[o]] for o in range(off, min(len(log), off + 5))]
        reply(msg, {"type": "poll_ok", "msgs": out})
    elif t == "commit_offsets":
        committed.update(b["offsets"]); reply(msg, {"type": "commit_offsets_ok"})
    elif t == "list_committed_offsets":
        reply(msg, {"type": "list_committed_offsets_ok", "offsets": {k: committed[k] for k in b["keys"] if k in committed}})
