#!/usr/bin/env python3
"""Runs a program and reports its wall time and peak memory.

    measure.py RESULT PROGRAM [ARGUMENT ...]

Standard input, output and error pass through; RESULT receives "SECONDS MAXRSS_KIB EXIT".
The test runner cannot measure this itself: it starts children with vfork, so a child's peak
memory would include the runner's own. This small parent's children start from its memory.
"""
import resource
import subprocess
import sys
import time

start = time.monotonic()
status = subprocess.run(sys.argv[2:]).returncode
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as result:
    result.write(f"{elapsed} {peak} {status if status >= 0 else 128 - status}\n")
