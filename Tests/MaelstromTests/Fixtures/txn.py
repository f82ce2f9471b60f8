#!/usr/bin/env python3
# A single-node transactional store: runs each txn whole, serially (serializable alone).
import json, sys
store, node_id = {}, None
for line in sys.stdin:
    msg = json.loads(line)
    b = msg["body"]
    if b["type"] == "init":
        node_id = b["node_id"]; out = {"type": "init_ok"}
    elif b["type"] == "txn":
        done = []
        for f, k, v in b["txn"]:
            if f == "r":
                cur = store.get(k)
                done.append([f, k, list(cur) if isinstance(cur, list) else cur])
            elif f == "w":
                store[k] = v; done.append([f, k, v])
            else:
                store.setdefault(k, []).append(v); done.append([f, k, v])
        out = {"type": "txn_ok", "txn": done}
    else:
        continue
    out["in_reply_to"] = b["msg_id"]
    print(json.dumps({"src": node_id, "dest": msg["src"], "body": out}), flush=True)
