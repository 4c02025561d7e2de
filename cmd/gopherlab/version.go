package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
)

// version is set at link time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the build info.
var version string

func init() {
	commands["version"] = &command{
		usage: "",
		short: "print Gopherlab's version and the Go version it was built with",
		flags: func(fs *flag.FlagSet) func(context.Context, []string) error {
			return func(_ context.Context, args []string) error {
				if len(args) > 0 {
					return usageError("takes no arguments")
				}
				fmt.Fprintln(os.Stdout, versionString())
				return nil
			}
		},
	}
}

// versionString is "gopherlab VERSION (REVISION) GOVERSION OS/ARCH".
func versionString() string {
	v := moduleVersion()
	if rev := revision(); rev != "" {
		v += " (" + rev + ")"
	}
	return fmt.Sprintf("gopherlab %s %s %s/%s", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// moduleVersion is the -X main.version value, else the module version of
// the build ("(devel)" for a build from a checkout).
func moduleVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// revision is the VCS revision the binary was built from, if known.
func revision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
			if len(rev) > 12 {
				rev = rev[:12]
			}
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" && modified {
		rev += ", modified"
	}
	return rev
}
