# Writes roundtrip.ipynb with Jupyter's own nbformat, as a fixture for
# TestRoundTrip: Write must reproduce it byte for byte.
#   /usr/bin/python3 make_roundtrip.py
import nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell, new_raw_cell, new_output

nb = new_notebook(metadata={
    "kernelspec": {"name": "gopherlab", "display_name": "Go (Gopherlab)", "language": "go"},
    "language_info": {"name": "go", "version": "1.26"},
    "custom": {"ratio": 1.0, "big": 12345678901234567890, "small": 1e-07, "html": "<b>&</b>", "unicode": "héllo ✓"},
})
md = new_markdown_cell("# Title\n\nSome *text* with <html> & ünïcode\n", id="md1")
md["attachments"] = {"a.png": {"image/png": "iVBORw0KGgo="}}
nb.cells.append(md)
nb.cells.append(new_code_cell("x := 1\nx + 1", id="c1", execution_count=1, outputs=[
    new_output("stream", name="stdout", text="line 1\nline 2\n"),
    new_output("stream", name="stderr", text="warn\n"),
    new_output("display_data", data={"text/html": "<p>a</p>\n<p>b</p>", "text/plain": "ab",
                                     "image/png": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
                                     "image/svg+xml": "<svg>\n</svg>\n",
                                     "application/json": {"k": [1, 2.5, "s"]}},
               metadata={"image/png": {"width": 1, "height": 1}}),
    new_output("execute_result", execution_count=1, data={"text/plain": "2"}),
], metadata={"tags": ["parameters"], "collapsed": False}))
nb.cells.append(new_code_cell("panic(\"boom\")", id="c2", execution_count=2, outputs=[
    new_output("error", ename="panic", evalue="boom", traceback=["cell line 1: boom"]),
]))
nb.cells.append(new_code_cell("", id="c3"))
nb.cells.append(new_raw_cell("raw\ntext", id="r1"))
nb["unknown_top_level"] = {"kept": True}
nbformat.write(nb, "roundtrip.ipynb")
