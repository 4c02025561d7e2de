// Package engine runs Gopherlab cells: a Session holds one yaegi
// interpreter whose variables, functions, types and imports persist from
// cell to cell, and turns each cell's effects into an Output (text
// streams, rich displays, input requests) and its final value into a
// display.Data.
//
// A cell is Go source that may mix top-level declarations (func, type,
// var, const, import) with statements. The engine splits it into runs of
// declarations and runs of statements and evaluates them in order, so a
// cell behaves like a script: everything a cell defines is visible to the
// rest of the cell and to later cells. On top of yaegi the engine adds what
// a notebook needs:
//
//   - preloaded packages need no import: a cell that uses strings.ToUpper
//     or display.HTML gets the import added, as goimports would (see
//     PreferredImports for ambiguous names such as rand);
//   - importing a package already imported is not an error, and a func or
//     type may be redefined by a later cell;
//   - a panic, in the cell or in a goroutine it started, os.Exit and
//     log.Fatal become an *Error and the session keeps its state;
//   - Execute honours its context: cancelling it stops a runaway loop;
//   - with Options.CaptureFDs, everything written to file descriptors 1
//     and 2, by interpreted or compiled code, reaches the running cell's
//     Output, and all of it is delivered before Execute returns;
//   - Input (preloaded) and reads of os.Stdin ask the Output for a line;
//   - New points the preloaded libraries' hooks at package display:
//     plots' live figures and lib/train's Fit progress show (and update in
//     place) in the running cell, and a Fit called with a nil context
//     stops when the cell is interrupted.
//   - Go 1.22+ code runs: each cell goes through kernel/preprocess first
//     (range over int and func, min/max/clear, per-iteration loop
//     variables, inferred type arguments, the generic slices and maps
//     functions); its package doc lists what is still missing;
//   - magic lines (%time, %timeit, %env, %cd, !cmd, %who, %help: see
//     Magics) may stand between a cell's statements.
//
// Errors name cell lines: "cell line 3: undefined: x".
//
// The final value: a cell that ends with an expression shows it (see
// display.Bundle for the rendering rules, which also apply to cell types
// with a MIMEBundle or String method). A call shows a value only when the
// engine knows it returns exactly one: builtins, conversions, functions
// of preloaded packages and of cells, and methods of values whose Go type
// it can look up; a call with several results shows none.
//
// Limits that come from yaegi v0.16.1 (kernel/LIMITATIONS.md lists them
// with what the user sees): a top-level defer is rejected; the result of a
// generic function cannot initialise a variable with := at the top level
// (the engine makes var x T = f(v) work); yaegi's runtime errors read
// "reflect: slice index out of range" rather than Go's wording; a
// Handle.Show of a cell type does not see its MIMEBundle (display.Show
// does); (*log.Logger).Fatal on a logger the cell made still exits.
package engine
