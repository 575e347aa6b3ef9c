"""Runs a command as a child subreaper and prints the CPU time of its whole process tree.

Usage: python3 scripts/tree-cpu.py REPORT -- COMMAND [ARGS...]

Chromium's processes outlive the process that started them: killed or closed, the browser leaves its zygote and
renderers to be reaped by whoever adopts them, so their CPU time is missing from the times of the command's waited-for
children. As a child subreaper (prctl PR_SET_CHILD_SUBREAPER, Linux 3.4), this process adopts every orphan of the
tree, waits for all of them, and writes to REPORT the user and system time of all of them, in seconds, as JSON:
{"user": U, "system": S, "status": EXIT_STATUS_OF_COMMAND}. Used by scripts/bench.ts; Python because Node cannot set
the flag.
"""
import ctypes
import json
import os
import resource
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.stderr.write(__doc__ or "")
        return 2
    report, command = sys.argv[1], sys.argv[3:]
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.stderr.write("tree-cpu: prctl(PR_SET_CHILD_SUBREAPER) failed\n")
        return 2
    child = os.fork()
    if child == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    # Ctrl-C is the command's to handle (a watch build stops on it); this process waits for the tree to end.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    status = 0
    # Every descendant, adopted orphans included, until none is left.
    while True:
        try:
            pid, wait_status = os.wait()
        except ChildProcessError:
            break
        if pid == child:
            status = os.waitstatus_to_exitcode(wait_status)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"user": usage.ru_utime, "system": usage.ru_stime, "status": status}, out)
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
