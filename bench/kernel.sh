#!/bin/sh
# Measures the Gopherlab kernel beside ipykernel, both driven by the same
# jupyter_client, and prints one line:
#
#   kernel start=<ms> roundtrip=<ms> ipykernel_start=<ms> ipykernel_roundtrip=<ms>
#
# start: from launching the kernel process to receiving its
# kernel_info_reply (median of 10 launches). roundtrip: from sending a
# trivial execute_request to receiving its status idle on iopub (median of
# 200, after 20 warm-up cells). Clients use a 1 ms reconnect interval so that
# ZeroMQ's default 100 ms retry does not swamp start times.
#
# Needs /usr/bin/python3 with jupyter_client and ipykernel (Debian's
# python3-jupyter-client, python3-ipykernel). Run from anywhere.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

GOFLAGS=-mod=mod go build -o "$tmp/gopherlab" ./cmd/gopherlab
mkdir -p "$tmp/kernels/gopherlab-bench" "$tmp/kernels/ipykernel-bench"
printf '{"argv": ["%s", "kernel", "{connection_file}"], "display_name": "Gopherlab", "language": "go", "interrupt_mode": "message"}\n' \
	"$tmp/gopherlab" >"$tmp/kernels/gopherlab-bench/kernel.json"
printf '{"argv": ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "ipykernel", "language": "python"}\n' \
	>"$tmp/kernels/ipykernel-bench/kernel.json"

JUPYTER_PATH="$tmp" JUPYTER_RUNTIME_DIR="$tmp/runtime" GOPHERLAB_HISTORY_DIR="$tmp/history" \
	/usr/bin/python3 - <<'PY'
import statistics
import subprocess
import time

import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

CTX = zmq.Context.instance()


def connect(info, kind, port):
    s = CTX.socket(kind)
    s.setsockopt(zmq.RECONNECT_IVL, 1)
    s.setsockopt(zmq.LINGER, 0)
    s.connect(f"{info['transport']}://{info['ip']}:{info[port]}")
    return s


def session(info):
    key = info["key"]
    return Session(key=key.encode() if isinstance(key, str) else key)


def start_ms(kernel):
    """Launch to kernel_info_reply, in ms."""
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=kernel)
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    info = km.get_connection_info(session=False)
    sess, shell = session(info), connect(info, zmq.DEALER, "shell_port")
    try:
        sess.send(shell, "kernel_info_request", {})
        if not shell.poll(30000):
            raise SystemExit(f"{kernel}: no kernel_info_reply in 30 s")
        sess.recv(shell)
        return (time.perf_counter() - t0) * 1000
    finally:
        shell.close()
        km.shutdown_kernel(now=True)


def roundtrip_ms(kernel, code, n=200, warmup=20):
    """Trivial cell sent to its status idle, in ms, median of n."""
    km = KernelManager(kernel_name=kernel)
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    info = km.get_connection_info(session=False)
    sess = session(info)
    shell = connect(info, zmq.DEALER, "shell_port")
    iopub = connect(info, zmq.SUB, "iopub_port")
    iopub.setsockopt(zmq.SUBSCRIBE, b"")
    try:
        # Wait until iopub delivers: kernel_info until a status arrives.
        while True:
            sess.send(shell, "kernel_info_request", {})
            sess.recv(shell, mode=0)
            if iopub.poll(200):
                break
        while iopub.poll(100):
            iopub.recv_multipart()
        times = []
        for i in range(warmup + n):
            t0 = time.perf_counter()
            msg = sess.send(shell, "execute_request", {"code": code, "silent": False, "store_history": True,
                                                       "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            want = msg["header"]["msg_id"]
            while True:
                _, m = sess.recv(iopub, mode=0)
                if (m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                        and m["parent_header"].get("msg_id") == want):
                    break
            dt = (time.perf_counter() - t0) * 1000
            sess.recv(shell, mode=0)  # the execute_reply, not timed
            if i >= warmup:
                times.append(dt)
        return statistics.median(times)
    finally:
        shell.close()
        iopub.close()
        km.shutdown_kernel(now=True)


def median_start(kernel, n=10):
    return statistics.median(start_ms(kernel) for _ in range(n))


go_start = median_start("gopherlab-bench")
go_rt = roundtrip_ms("gopherlab-bench", "_ = 1")
py_start = median_start("ipykernel-bench")
py_rt = roundtrip_ms("ipykernel-bench", "pass")
print(f"kernel start={go_start:.1f} roundtrip={go_rt:.2f} ipykernel_start={py_start:.1f} ipykernel_roundtrip={py_rt:.2f}")
PY
