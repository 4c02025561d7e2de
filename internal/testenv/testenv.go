package testenv

import (
	"fmt"
	"os"
	"testing"
)

// Missing reports that a prerequisite of t is absent: t.Skip outside CI,
// t.Fatal under CI. The message should name what is missing and how to
// install it.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set, so this is required: " + msg)
	}
	t.Skip(msg)
}
