// Command gopherlab is Gopherlab's one binary: the Jupyter kernel for Go, its
// kernelspec installer, a headless notebook runner and a terminal REPL.
//
// Usage:
//
//	gopherlab kernel CONNECTION_FILE
//	gopherlab install [--user | --prefix DIR] [--name NAME]
//	gopherlab uninstall [--user | --prefix DIR] [--name NAME]
//	gopherlab run [--out DIR] [--timeout D] [--param name=value ...] NOTEBOOK...
//	gopherlab repl [-history FILE] [-outdir DIR]
//	gopherlab version
//	gopherlab help [COMMAND]
//
// Flags come before the arguments, as with the standard flag package.
package main
