"""Drives `gopherlab kernel` through Debian's jupyter_client: the corpus of
everyday modern Go (kernel/engine/testdata/corpus.txt), type-aware
completion and inspection, is_complete and magics.

Run by kernel_client_test.go, which sets $GOPHERLAB_TEST_KERNEL (a
kernelspec on $JUPYTER_PATH) and $GOPHERLAB_CORPUS.
"""
import os
import queue
import time
import unittest

from jupyter_client.manager import KernelManager

KERNEL = os.environ["GOPHERLAB_TEST_KERNEL"]
TIMEOUT = 30


def read_corpus(path):
    """Parses corpus.txt as corpus_test.go does."""
    cells, cur, section = [], None, None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for line in text.rstrip("\n").split("\n"):
        if line.startswith("=== "):
            cur = {"name": line[4:], "code": [], "stdout": [], "value": None}
            cells.append(cur)
            section = "code"
        elif line == "--- stdout":
            section = "stdout"
        elif line == "--- value":
            cur["value"] = []
            section = "value"
        elif cur is not None:
            cur[section].append(line)
    for c in cells:
        c["code"] = "\n".join(c["code"])
        c["stdout"] = "\n".join(c["stdout"]) + "\n" if c["stdout"] else ""
        c["value"] = "\n".join(c["value"]) if c["value"] is not None else ""
    return cells


class KernelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name=KERNEL)
        start = time.monotonic()
        cls.km.start_kernel()
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=TIMEOUT)
        # The first request right after start must already know types.
        t0 = time.monotonic()
        cls.first_complete = cls.request("complete", "strings.ToU", 11)
        print("\nkernel ready %.0f ms after start; first complete_request %.1f ms" % (
            (t0 - start) * 1000, (time.monotonic() - t0) * 1000))

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    @classmethod
    def request(cls, method, *args):
        """Sends a shell request and returns its reply's content."""
        msg_id = getattr(cls.kc, method)(*args)
        while True:
            reply = cls.kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def execute(self, code):
        """Runs code; returns (status, stdout, stderr, text/plain value, error)."""
        msg_id = self.kc.execute(code)
        stdout, stderr, value, error = [], [], "", None
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            t, c = msg["msg_type"], msg["content"]
            if t == "stream":
                (stdout if c["name"] == "stdout" else stderr).append(c["text"])
            elif t == "execute_result":
                value = c["data"].get("text/plain", "")
            elif t == "error":
                error = c
            elif t == "status" and c["execution_state"] == "idle":
                break
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        return reply["content"]["status"], "".join(stdout), "".join(stderr), value, error

    def test_1_corpus(self):
        cells = read_corpus(os.environ["GOPHERLAB_CORPUS"])
        self.assertGreaterEqual(len(cells), 40)
        for c in cells:
            with self.subTest(c["name"]):
                status, out, err, value, error = self.execute(c["code"])
                self.assertEqual(status, "ok", error)
                self.assertEqual(out, c["stdout"])
                self.assertEqual(err, "")
                self.assertEqual(value, c["value"])

    def test_2_complete(self):
        self.assertIn("ToUpper", self.first_complete["matches"])
        self.execute("type Vec struct{ X, Y float64 }\n"
                     "func (v Vec) Len() float64 { return math.Hypot(v.X, v.Y) }\n"
                     "vec := Vec{3, 4}\nvar builder strings.Builder\ndense := mat.NewDense(2, 2, nil)")
        cases = [
            ("vec.", 4, ["Len", "X", "Y"]),
            ("builder.Wri", 11, ["WriteString"]),
            ("dense.Di", 8, ["Dims"]),
            ("ve", 2, ["vec"]),
            ("swi", 3, ["switch"]),
            ("strconv.It", 10, ["Itoa"]),
            # cursor inside the cell, not at its end
            ("a := 1\nb := vec.L\nc := 2", 16, ["Len"]),
        ]
        for code, cursor, want in cases:
            with self.subTest(code):
                t0 = time.monotonic()
                r = self.request("complete", code, cursor)
                ms = (time.monotonic() - t0) * 1000
                self.assertEqual(r["status"], "ok")
                for w in want:
                    self.assertIn(w, r["matches"])
                self.assertLess(ms, 50, "complete_request took %.1f ms" % ms)

    def test_3_inspect(self):
        self.execute("func area(w, h float64) float64 { return w * h }")
        r = self.request("inspect", "area(2, 3)", 2)
        self.assertTrue(r["found"])
        self.assertIn("func area(w, h float64) float64", r["data"]["text/plain"])
        r = self.request("inspect", "strings.ToUpper", 10)
        self.assertTrue(r["found"])
        self.assertIn("func strings.ToUpper(string) string", r["data"]["text/plain"])

    def test_4_is_complete(self):
        for code, status in [("x := 1", "complete"), ("func f() {", "incomplete"),
                             ("x := 1 +", "incomplete"), ("}", "invalid")]:
            with self.subTest(code):
                r = self.request("is_complete", code)
                self.assertEqual(r["status"], status)
        r = self.request("is_complete", "for {\n\tif true {")
        self.assertEqual(r["indent"], "        ")

    def test_5_magics(self):
        status, out, _, _, _ = self.execute("%time s := 0\n%timeit -n 5 -r 2 s++\ns")
        self.assertEqual(status, "ok")
        self.assertRegex(out, r"Wall time: [0-9.]+ (ns|µs|ms|s)\n")
        self.assertRegex(out, r"per loop \(mean ± std\. dev\. of 2 runs, 5 loops each\)")
        status, out, _, _, _ = self.execute("!echo shell-says-hi")
        self.assertEqual(out, "shell-says-hi\n")
        status, _, _, _, error = self.execute("%nosuchmagic")
        self.assertEqual(status, "error")
        self.assertEqual(error["ename"], "UsageError")
        self.assertIn("%help lists the magics", error["evalue"])


if __name__ == "__main__":
    unittest.main()
