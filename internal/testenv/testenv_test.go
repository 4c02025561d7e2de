package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMissing runs a child test that calls Missing, with and without CI,
// and checks that it skips outside CI and fails under it.
func TestMissing(t *testing.T) {
	if os.Getenv("TESTENV_CHILD") != "" {
		Missing(t, "tmux is not installed (apt-get install tmux)")
		return
	}
	for _, ci := range []string{"", "true"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMissing$", "-test.v")
		cmd.Env = append(os.Environ(), "TESTENV_CHILD=1", "CI="+ci)
		out, err := cmd.CombinedOutput()
		switch {
		case ci == "" && (err != nil || !strings.Contains(string(out), "--- SKIP")):
			t.Errorf("without CI: want a skip, got err=%v\n%s", err, out)
		case ci != "" && (err == nil || !strings.Contains(string(out), "CI is set, so this is required: tmux is not installed")):
			t.Errorf("with CI: want a failure naming the prerequisite, got err=%v\n%s", err, out)
		}
	}
}
