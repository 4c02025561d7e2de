// Package notebook reads, writes and runs Jupyter notebooks (nbformat 4)
// without Jupyter: it is the engine behind `gopherlab run`.
//
// Read and Write keep everything they do not interpret (unknown fields,
// metadata, attachments) and write files the way Jupyter does: keys sorted,
// one-space indent, sources and text outputs as lists of lines.
//
// A Runner executes a notebook's code cells in order on a fresh session and
// records their outputs as nbclient (what `jupyter nbconvert --execute` uses)
// stores them: displays with a display id updated in place (also from a
// later cell), clear_output with and without wait, execute_result with its
// execution count, and error outputs. Like JupyterLab, and unlike nbclient,
// it also merges consecutive stream output of the same name and applies
// carriage returns, so a progress line printed with "\r" is stored once.
// Inject adds papermill-style parameters.
package notebook
