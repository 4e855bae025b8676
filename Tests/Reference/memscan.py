#!/usr/bin/env python3
"""Counts the occurrences of byte patterns in the writable memory of a running process.

    memscan.py PID HEX [HEX ...]   ->  one count per pattern, on one line

Reads /proc/PID/maps and /proc/PID/mem (root, or the process's own user when it is dumpable):
heap, stacks, anonymous mappings and the writable data of every library, where secrets a
program held or freed could still be. Read-only mappings (code, constants) are skipped.
"""
import sys

pid = int(sys.argv[1])
patterns = [bytes.fromhex(text) for text in sys.argv[2:]]
counts = [0] * len(patterns)
with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as memory:
    for line in maps:
        fields = line.split()
        start, end = (int(value, 16) for value in fields[0].split("-"))
        permissions = fields[1]
        name = fields[5] if len(fields) > 5 else ""
        if "r" not in permissions or "w" not in permissions or name in ("[vvar]", "[vsyscall]"):
            continue
        try:
            memory.seek(start)
            data = memory.read(end - start)
        except (OSError, ValueError, OverflowError):
            continue
        for index, pattern in enumerate(patterns):
            counts[index] += data.count(pattern)
print(" ".join(str(count) for count in counts))
