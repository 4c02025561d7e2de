"""Runs cells on the Gopherlab kernel through jupyter_client, for libs_test.go.

Reads JSON from stdin: a list of sessions, each a list of steps
{"code": str, "interrupt_after": seconds or null}. Each session gets a fresh
kernel ($GOPHERLAB_TEST_KERNEL on $JUPYTER_PATH). Writes JSON to stdout: per
session, per step, {"reply": the execute_reply content, "iopub": [{"type",
"content"}, ...] up to status idle, statuses excluded}.
"""
import json
import os
import sys
import time

from jupyter_client.manager import KernelManager

KERNEL = os.environ["GOPHERLAB_TEST_KERNEL"]
TIMEOUT = 60


def run_step(km, kc, step):
    msg_id = kc.execute(step["code"])
    if step.get("interrupt_after") is not None:
        time.sleep(step["interrupt_after"])
        km.interrupt_kernel()
    iopub = []
    deadline = time.monotonic() + TIMEOUT
    while True:
        m = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        t = m["header"]["msg_type"]
        if t == "status":
            if m["content"]["execution_state"] == "idle":
                break
            continue
        iopub.append({"type": t, "content": m["content"]})
    while True:
        r = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if r["parent_header"].get("msg_id") == msg_id:
            return {"reply": r["content"], "iopub": iopub}


def main():
    sessions = json.load(sys.stdin)
    out = []
    for steps in sessions:
        km = KernelManager(kernel_name=KERNEL)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=TIMEOUT)
            out.append([run_step(km, kc, s) for s in steps])
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
