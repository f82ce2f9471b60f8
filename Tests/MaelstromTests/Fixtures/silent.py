#!/usr/bin/env python3
# Never answers init: reads its stdin and says nothing.
import sys
print("I will not answer", file=sys.stderr, flush=True)
for line in sys.stdin:
    pass
