package wire

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodConnection = `{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004,
 "hb_port": 5005, "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256",
 "kernel_name": "gopherlab"}`

func TestReadConnectionFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kernel.json")
	if err := os.WriteFile(path, []byte(goodConnection), 0o600); err != nil {
		t.Fatal(err)
	}
	ci, err := ReadConnectionFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if ci.Key != "abc" || ci.HBPort != 5005 || ci.Endpoint(ci.ShellPort) != "tcp://127.0.0.1:5001" {
		t.Errorf("got %+v", ci)
	}
	ci.Transport = "ipc"
	if got := ci.Endpoint(5002); got != "ipc://127.0.0.1-5002" {
		t.Errorf("ipc endpoint = %q", got)
	}
	if _, err := ReadConnectionFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestParseConnectionInfoErrors(t *testing.T) {
	cases := map[string]struct{ old, new, want string }{
		"md5":       {`"hmac-sha256"`, `"hmac-md5"`, `"hmac-md5" is not supported`},
		"no scheme": {`"hmac-sha256"`, `""`, `signature_scheme "" is not supported`},
		"transport": {`"tcp"`, `"udp"`, `transport "udp"`},
		"port":      {`5004`, `0`, `control_port is 0`},
		"big port":  {`5005`, `70000`, `hb_port is 70000`},
		"no ip":     {`"127.0.0.1"`, `""`, `no "ip"`},
		"json":      {`{`, `[`, `not valid JSON`},
	}
	for name, tc := range cases {
		_, err := ParseConnectionInfo([]byte(strings.Replace(goodConnection, tc.old, tc.new, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to contain %q", name, err, tc.want)
		}
	}
	// An empty key means unsigned messages: any scheme is then irrelevant.
	unsigned := strings.Replace(strings.Replace(goodConnection, `"abc"`, `""`, 1), `"hmac-sha256"`, `""`, 1)
	if _, err := ParseConnectionInfo([]byte(unsigned)); err != nil {
		t.Errorf("empty key: %v", err)
	}
}
