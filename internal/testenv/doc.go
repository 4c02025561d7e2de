// Package testenv decides what a test does when something it needs from
// outside Go (Debian's Jupyter packages, PyTorch, tmux, the shared data
// sets) is missing: on a developer's machine it skips with the install
// hint, under CI (the CI environment variable set) it fails, so a missing
// install step in .ci/run can never pass as a skipped test.
package testenv
