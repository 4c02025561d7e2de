"""End-to-end protocol tests of the Gopherlab kernel through jupyter_client.

Run by integration_test.go; the kernel is $GOPHERLAB_TEST_KERNEL (a
kernelspec on $JUPYTER_PATH) and its history lives in $GOPHERLAB_HISTORY_DIR.
"""
import os
import queue
import signal
import time
import unittest

import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

KERNEL = os.environ.get("GOPHERLAB_TEST_KERNEL", "gopherlab-test")
TIMEOUT = 20


class KernelCase(unittest.TestCase):
    """Starts one kernel per test class, waits until it is ready."""

    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name=KERNEL)
        cls.km.start_kernel()
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        if cls.km.is_alive():
            cls.km.shutdown_kernel(now=True)

    def setUp(self):
        self.flush()

    def flush(self):
        for get in (self.kc.get_shell_msg, self.kc.get_iopub_msg, self.kc.get_stdin_msg):
            while True:
                try:
                    get(timeout=0.05)
                except queue.Empty:
                    break

    def reply(self, msg_id, timeout=TIMEOUT):
        """The shell reply to msg_id, skipping replies to other requests."""
        deadline = time.monotonic() + timeout
        while True:
            m = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
            if m["parent_header"].get("msg_id") == msg_id:
                return m

    def iopub(self, msg_id, timeout=TIMEOUT):
        """The iopub messages of msg_id up to its status idle, statuses excluded."""
        out = []
        deadline = time.monotonic() + timeout
        while True:
            m = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status":
                if m["content"]["execution_state"] == "idle":
                    return out
                continue
            out.append(m)

    def run_cell(self, code, **kw):
        msg_id = self.kc.execute(code, **kw)
        rep = self.reply(msg_id)
        return rep["content"], self.iopub(msg_id)

    def result(self, code):
        rep, msgs = self.run_cell(code)
        self.assertEqual(rep["status"], "ok", rep)
        results = [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, msgs)
        return results[0]


def of_type(msgs, t):
    return [m for m in msgs if m["msg_type"] == t]


class CellRightAfterStart(unittest.TestCase):
    def test_first_cell_output_is_not_lost(self):
        km = KernelManager(kernel_name=KERNEL)
        km.start_kernel()
        kc = km.client()
        try:
            kc.start_channels()
            # No wait_for_ready: the cell races the iopub subscription.
            msg_id = kc.execute('fmt.Println("first output")')
            texts, deadline = [], time.monotonic() + TIMEOUT
            while True:
                m = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
                if m["parent_header"].get("msg_id") != msg_id:
                    continue
                if m["msg_type"] == "stream":
                    texts.append(m["content"]["text"])
                if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    break
            self.assertEqual("".join(texts), "first output\n")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


class Protocol(KernelCase):
    def test_kernel_info(self):
        self.kc.kernel_info()
        c = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertEqual(c["protocol_version"], "5.3")
        self.assertEqual(c["implementation"], "gopherlab")
        li = c["language_info"]
        self.assertEqual((li["name"], li["mimetype"], li["file_extension"], li["pygments_lexer"]), ("go", "text/x-go", ".go", "go"))
        self.assertRegex(li["version"], r"^\d+\.\d+")

    def test_heartbeat_echoes_while_a_cell_runs(self):
        info = self.km.get_connection_info(session=False)
        hb = zmq.Context.instance().socket(zmq.REQ)
        hb.connect(f"{info['transport']}://{info['ip']}:{info['hb_port']}")
        try:
            msg_id = self.kc.execute('start := time.Now()\nfor time.Since(start) < 500*time.Millisecond {\n}')
            time.sleep(0.1)
            hb.send(b"ping-1")
            self.assertTrue(hb.poll(2000), "no heartbeat echo while a cell runs")
            self.assertEqual(hb.recv(), b"ping-1")
            self.assertEqual(self.reply(msg_id)["content"]["status"], "ok")
        finally:
            hb.close(linger=0)

    def test_bad_signature_is_not_executed(self):
        info = self.km.get_connection_info(session=False)
        key = info["key"].encode() if isinstance(info["key"], str) else info["key"]
        sock = zmq.Context.instance().socket(zmq.DEALER)
        sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")

        def send(key, code):
            s = Session(key=key)
            s.send(sock, s.msg("execute_request", {
                "code": code, "silent": False, "store_history": True,
                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))

        try:
            send(b"wrong-key", "forgedVar := 1")
            send(b"", "unsignedVar := 1")
            send(key, "signedVar := 2")  # the same path with the right key runs
            time.sleep(1)  # let all three arrive and run before the checks below
        finally:
            sock.close(linger=0)
        self.assertEqual(self.result("signedVar + 1"), "3")
        for name in ("forgedVar", "unsignedVar"):
            rep, _ = self.run_cell(name + " + 1")
            self.assertEqual(rep["status"], "error", name + ": a cell with a bad signature was executed")

    def test_panic_then_working_cell(self):
        rep, msgs = self.run_cell('panic("boom")')
        self.assertEqual(rep["status"], "error")
        self.assertEqual(rep["ename"], "panic")
        self.assertIn("boom", rep["evalue"])
        err = of_type(msgs, "error")
        self.assertEqual(len(err), 1)
        self.assertEqual(err[0]["content"]["evalue"], rep["evalue"])
        self.assertEqual(self.result("20 + 22"), "42")
        rep, msgs = self.run_cell('fmt.Println("still alive")')
        self.assertEqual(rep["status"], "ok", rep)
        self.assertEqual("".join(m["content"]["text"] for m in of_type(msgs, "stream")), "still alive\n")

    def test_execute_counts_silent_and_store_history(self):
        rep, msgs = self.run_cell("countBase := 1")
        n = rep["execution_count"]
        self.assertEqual(of_type(msgs, "execute_input")[0]["content"]["execution_count"], n)
        rep, msgs = self.run_cell("silentVar := 3\nsilentVar", silent=True)
        self.assertEqual(rep["status"], "ok")
        self.assertEqual(rep["execution_count"], n, "silent cell incremented the count")
        self.assertEqual(msgs, [], "silent cell published output")
        rep, msgs = self.run_cell("silentVar + 1", store_history=False)
        self.assertEqual(rep["execution_count"], n)
        self.assertEqual(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"], "4")
        rep, _ = self.run_cell("countBase")
        self.assertEqual(rep["execution_count"], n + 1)

    def test_user_expressions(self):
        rep, _ = self.run_cell("ueBase := 20", user_expressions={"double": "ueBase * 2", "bad": "nope + 1"})
        ue = rep["user_expressions"]
        self.assertEqual(ue["double"]["status"], "ok")
        self.assertEqual(ue["double"]["data"]["text/plain"], "40")
        self.assertEqual(ue["bad"]["status"], "error")

    def test_stop_on_error_aborts_queued_cells(self):
        slow_fail = 'start := time.Now()\nfor time.Since(start) < 300*time.Millisecond {\n}\npanic("stop")'
        first = self.kc.execute(slow_fail)
        queued = [self.kc.execute("abortedVar := 1"), self.kc.execute("1 + 1")]
        self.assertEqual(self.reply(first)["content"]["status"], "error")
        for q in queued:
            self.assertEqual(self.reply(q)["content"]["status"], "aborted")
        rep, _ = self.run_cell("abortedVar + 1")
        self.assertEqual(rep["status"], "error", "an aborted cell ran")
        # With stop_on_error=False the next cell runs.
        first = self.kc.execute(slow_fail, stop_on_error=False)
        after = self.kc.execute("notAborted := 5")
        self.assertEqual(self.reply(first)["content"]["status"], "error")
        self.assertEqual(self.reply(after)["content"]["status"], "ok")
        self.assertEqual(self.result("notAborted"), "5")

    def test_stdin_round_trip(self):
        msg_id = self.kc.execute('name := Input("your name: ")\nfmt.Println("hi", name)', allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(req["msg_type"], "input_request")
        self.assertEqual(req["parent_header"]["msg_id"], msg_id)
        self.assertEqual(req["content"]["prompt"], "your name: ")
        self.kc.input("gopher")
        self.assertEqual(self.reply(msg_id)["content"]["status"], "ok")
        texts = "".join(m["content"]["text"] for m in of_type(self.iopub(msg_id), "stream"))
        self.assertIn("hi gopher", texts)
        # allow_stdin=False: the cell's input fails instead of hanging.
        rep, _ = self.run_cell('other := Input("again: ")', allow_stdin=False)
        self.assertEqual(rep["status"], "error")

    def test_display_update(self):
        rep, msgs = self.run_cell('h := display.New()\nh.Text("first")\nh.Text("second")')
        self.assertEqual(rep["status"], "ok", rep)
        shown, updated = of_type(msgs, "display_data"), of_type(msgs, "update_display_data")
        self.assertEqual(len(shown), 1, msgs)
        self.assertEqual(len(updated), 1, msgs)
        did = shown[0]["content"]["transient"]["display_id"]
        self.assertTrue(did)
        self.assertEqual(updated[0]["content"]["transient"]["display_id"], did)
        self.assertEqual(shown[0]["content"]["data"]["text/plain"], "first")
        self.assertEqual(updated[0]["content"]["data"]["text/plain"], "second")

    def test_is_complete(self):
        for code, want in [("x := 1", "complete"), ("for i := 0; i < 3; i++ {", "incomplete"), ("x := 1)", "invalid")]:
            msg_id = self.kc.is_complete(code)
            self.assertEqual(self.reply(msg_id)["content"]["status"], want, code)

    def test_comms(self):
        msg_id = self.kc.comm_info()
        c = self.reply(msg_id)["content"]
        self.assertEqual((c["status"], c["comms"]), ("ok", {}))
        msg = self.kc.session.msg("comm_open", {"comm_id": "c-1", "target_name": "no.such.target", "data": {}})
        self.kc.shell_channel.send(msg)
        closes = of_type(self.iopub(msg["header"]["msg_id"]), "comm_close")
        self.assertEqual([m["content"]["comm_id"] for m in closes], ["c-1"])
        msg = self.kc.session.msg("comm_msg", {"comm_id": "c-1", "data": {}})
        self.kc.shell_channel.send(msg)
        self.assertEqual(self.iopub(msg["header"]["msg_id"]), [])  # ignored, kernel still answers
        self.assertEqual(self.result("1 + 2"), "3")


class Interrupt(KernelCase):
    loop = "for i := 0; ; i++ {\n}"

    def interrupt_loop(self, interrupt):
        self.assertEqual(self.run_cell("kept := 7")[0]["status"], "ok")
        msg_id = self.kc.execute(self.loop)
        time.sleep(0.5)
        interrupt()
        rep = self.reply(msg_id, timeout=10)["content"]
        self.assertEqual(rep["status"], "error")
        self.assertEqual(self.result("kept"), "7")

    def test_interrupt_request(self):
        self.interrupt_loop(self.km.interrupt_kernel)  # interrupt_mode "message"

    def test_sigint(self):
        self.interrupt_loop(lambda: os.kill(self.km.provisioner.process.pid, signal.SIGINT))


class RestartAndHistory(KernelCase):
    def test_history_survives_restart(self):
        rep, _ = self.run_cell("histMark := 17")
        line = rep["execution_count"]
        msg_id = self.kc.history(hist_access_type="tail", n=1, output=False, raw=True)
        (session, got_line, code), = self.reply(msg_id)["content"]["history"]
        self.assertEqual((got_line, code), (line, "histMark := 17"))

        self.km.restart_kernel(now=False)  # shutdown_request with restart=true, then a new process
        self.kc.wait_for_ready(timeout=TIMEOUT)
        self.flush()
        rep, _ = self.run_cell("histMark + 1")
        self.assertEqual(rep["status"], "error", "state survived a restart")
        self.assertEqual(rep["execution_count"], 1)

        msg_id = self.kc.history(hist_access_type="range", session=-1, start=line, stop=line + 1, output=False, raw=True)
        self.assertEqual(self.reply(msg_id)["content"]["history"], [[session, line, "histMark := 17"]])
        msg_id = self.kc.history(hist_access_type="search", pattern="histMark*", output=True, raw=True)
        hist = self.reply(msg_id)["content"]["history"]
        self.assertEqual([h[2][0] for h in hist], ["histMark := 17", "histMark + 1"])
        self.assertEqual(hist[-1][0], session + 1)

    def test_shutdown_exits_cleanly(self):
        km = KernelManager(kernel_name=KERNEL)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=TIMEOUT)
            proc = km.provisioner.process
            msg_id = kc.shutdown(restart=False)
            rep = kc.get_control_msg(timeout=TIMEOUT)
            self.assertEqual(rep["msg_type"], "shutdown_reply")
            self.assertEqual(rep["parent_header"]["msg_id"], msg_id)
            self.assertEqual(proc.wait(timeout=10), 0)
        finally:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
