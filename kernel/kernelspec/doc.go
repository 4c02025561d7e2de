// Package kernelspec installs and removes Gopherlab's Jupyter kernelspec: the
// kernel.json that tells Jupyter how to start the kernel, and its logos.
//
// It writes to the same directories `jupyter kernelspec install` uses, so
// every Jupyter front end (JupyterLab, Notebook, nbconvert, VS Code) finds the
// kernel without Python being involved in the install:
//
//	system-wide (default)  /usr/local/share/jupyter/kernels/NAME
//	Location.User          $JUPYTER_DATA_DIR/kernels/NAME, else
//	                       ${XDG_DATA_HOME:-~/.local/share}/jupyter/kernels/NAME
//	Location.Prefix        PREFIX/share/jupyter/kernels/NAME
package kernelspec
