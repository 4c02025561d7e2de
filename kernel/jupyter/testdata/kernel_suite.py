"""jupyter_kernel_test's protocol conformance suite, with Go samples.

Run by integration_test.go; the kernel is $GOPHERLAB_TEST_KERNEL (a
kernelspec on $JUPYTER_PATH).
"""
import os
import unittest

import jupyter_kernel_test


class GopherlabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("GOPHERLAB_TEST_KERNEL", "gopherlab-test")
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "to stderr")'

    completion_samples = [
        {"text": "fmt.Printl", "matches": {"Println"}},
        {"text": "strings.TrimSp", "matches": {"TrimSpace"}},
    ]
    complete_code_samples = ["x := 1", 'fmt.Println("hi")', "func f() int { return 1 }", "type T struct{ A int }"]
    incomplete_code_samples = ["for {", "func f() {", "x := []int{1,", "if true {\n\tfmt.Println(1)"]
    invalid_code_samples = ["x := 1)", "}", "func ) {"]

    code_page_something = "fmt.Println?"
    code_generate_error = "undefinedName + 1"

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"go" + "pher"', "result": '"gopher"'},
        {"code": "[]int{1, 2, 3}", "result": "[1 2 3]"},
    ]
    code_display_data = [
        {"code": 'display.HTML("<b>hi</b>")', "mime": "text/html"},
        {"code": 'display.Markdown("# title")', "mime": "text/markdown"},
        {"code": 'display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>`)', "mime": "image/svg+xml"},
    ]

    code_history_pattern = "6 [*] 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "strings.ToUpper"
    code_clear_output = "display.ClearOutput(false)"


if __name__ == "__main__":
    unittest.main()
