#!/usr/bin/env bash
# install.sh: build Gopherlab, put the gopherlab binary on PATH and register
# it with Jupyter as the "gopherlab" kernel. Safe to run again (idempotent).
#
#   ./install.sh [--with-jupyter] [--test-deps] [--bin-dir DIR]
#
#   --with-jupyter  first install Debian's Jupyter packages (apt-get)
#   --test-deps     first install everything `go test ./...` needs (apt-get;
#                   includes the Jupyter packages)
#   --bin-dir DIR   where the binary goes; default /usr/local/bin as root,
#                   else ~/.local/bin
#
# As root the kernelspec is installed system-wide
# (/usr/local/share/jupyter/kernels/gopherlab), otherwise for the current user
# (~/.local/share/jupyter/kernels/gopherlab). Needs Go (go.mod's version or
# newer) on PATH or in /usr/local/go; apt-get steps need root or sudo.
set -euo pipefail

JUPYTER_PKGS=(python3-jupyter-client jupyter-nbconvert python3-nbclient jupyter-notebook jupyter-console python3-ipykernel)
# gcc lets lib/blas call OpenBLAS through cgo; ca-certificates lets Go fetch modules.
TEST_PKGS=("${JUPYTER_PKGS[@]}" python3-jupyter-kernel-test python3-torch libopenblas-dev tmux python3-zmq gcc libc6-dev ca-certificates)

with_jupyter=0
test_deps=0
bin_dir=""
while [[ $# -gt 0 ]]; do
	case "$1" in
	--with-jupyter) with_jupyter=1 ;;
	--test-deps) test_deps=1 ;;
	--bin-dir)
		[[ $# -ge 2 ]] || { echo "install.sh: --bin-dir needs a directory" >&2; exit 2; }
		bin_dir="$2"
		shift
		;;
	-h | --help)
		awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
		exit 0
		;;
	*)
		echo "install.sh: unknown option $1 (see ./install.sh --help)" >&2
		exit 2
		;;
	esac
	shift
done

step() { printf '==> %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

cd "$(dirname "${BASH_SOURCE[0]}")"

root=0
[[ $(id -u) -eq 0 ]] && root=1

# apt_install installs the packages that are not installed yet.
apt_install() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if [[ ${#missing[@]} -eq 0 ]]; then
		step "apt packages already installed: $*"
		return
	fi
	command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} with your system's package manager"
	local sudo=()
	if [[ $root -eq 0 ]]; then
		command -v sudo >/dev/null || die "installing ${missing[*]} needs root: run as root or install sudo"
		sudo=(sudo)
	fi
	step "apt-get update"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
	step "apt-get install ${missing[*]}"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

if [[ $test_deps -eq 1 ]]; then
	apt_install "${TEST_PKGS[@]}"
elif [[ $with_jupyter -eq 1 ]]; then
	apt_install "${JUPYTER_PKGS[@]}" ca-certificates
fi

step "finding Go"
go=$(command -v go || true)
[[ -z $go && -x /usr/local/go/bin/go ]] && go=/usr/local/go/bin/go
[[ -n $go ]] || die "Go not found on PATH or in /usr/local/go: install it from https://go.dev/dl/"
echo "    $("$go" version) ($go)"

if [[ -z $bin_dir ]]; then
	if [[ $root -eq 1 ]]; then bin_dir=/usr/local/bin; else bin_dir="$HOME/.local/bin"; fi
fi
mkdir -p "$bin_dir"
step "building $bin_dir/gopherlab"
start=$SECONDS
"$go" build -o "$bin_dir/gopherlab" ./cmd/gopherlab
echo "    built in $((SECONDS - start))s: $("$bin_dir/gopherlab" version)"

step "installing the Jupyter kernelspec"
if [[ $root -eq 1 ]]; then
	"$bin_dir/gopherlab" install
else
	"$bin_dir/gopherlab" install --user
fi

case ":$PATH:" in
*":$bin_dir:"*) ;;
*) echo "NOTE: $bin_dir is not on your PATH; add it, e.g.: export PATH=\"$bin_dir:\$PATH\"" ;;
esac
# Debian's Jupyter has no `jupyter kernelspec` command; ask jupyter_client.
if /usr/bin/python3 -c 'import jupyter_client' 2>/dev/null; then
	step "Jupyter kernels now:"
	/usr/bin/python3 -m jupyter_client.kernelspecapp list 2>/dev/null
fi
step "done"
