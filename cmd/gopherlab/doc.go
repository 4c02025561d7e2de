// Command gopherlab is Gopherlab's one binary: the Jupyter kernel for Go, its
// kernelspec installer, a headless notebook runner, a terminal REPL and the
// dataset downloader.
//
// Usage:
//
//	gopherlab kernel CONNECTION_FILE
//	gopherlab install [--user | --prefix DIR] [--name NAME]
//	gopherlab uninstall [--user | --prefix DIR] [--name NAME]
//	gopherlab run [--out DIR] [--timeout D] [--param name=value ...] NOTEBOOK...
//	gopherlab data list [--dir DIR]
//	gopherlab data fetch [--dir DIR] NAME
//	gopherlab repl [-history FILE] [-outdir DIR]
//	gopherlab version
//	gopherlab help [COMMAND]
//
// Flags come before the arguments, as with the standard flag package
// (gopherlab data also takes them after).
package main
