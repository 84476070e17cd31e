#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and etcd from the Go module
# proxy into a cache outside the repo:
# ${CKP_CACHE_DIR:-$HOME/.cache/ckp}/kube/k8s-<ver>-etcd-<ver>/bin.
# Idempotent: reuses the binaries already there, builds only what is missing.
#
# Needs Go >= 1.21 and the Go module proxy. Env: CKP_CACHE_DIR (cache root),
# KUBE_GOTOOLCHAIN (GOTOOLCHAIN for both builds; default "auto": the local Go
# unless a module needs a newer one, which is then fetched through the proxy).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

cache=${CKP_CACHE_DIR:-$HOME/.cache/ckp}/kube
out=$cache/k8s-$K8S_VERSION-etcd-$ETCD_VERSION
bin=$out/bin

if [[ -x $bin/kube-apiserver && -x $bin/kube-controller-manager && -x $bin/etcd ]]; then
  echo "reusing cached binaries in $bin"
  exit 0
fi

command -v go >/dev/null || { echo "go is required (https://go.dev/dl)" >&2; exit 1; }
mkdir -p "$bin"
tmp=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=${KUBE_GOTOOLCHAIN:-auto}
start_all=$SECONDS

elapsed() { echo "$(( SECONDS - $1 ))s"; }

build_etcd() {
  [[ -x $bin/etcd ]] && { echo "etcd: cached"; return; }
  local t=$SECONDS dir=$tmp/etcd
  mkdir -p "$dir" && cd "$dir"
  # `go install go.etcd.io/etcd/server/v3@...` is refused because its go.mod has
  # replace directives, so wrap etcdmain in a throwaway module instead.
  cat > main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  printf 'module ckp/etcd\n\ngo 1.22.0\n' > go.mod
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$bin/etcd.partial" .
  mv "$bin/etcd.partial" "$bin/etcd"
  echo "etcd $ETCD_VERSION built in $(elapsed $t)"
}

# A throwaway module requiring k8s.io/kubernetes, in which its commands build.
k8s_module() {
  local dir=$tmp/kubernetes
  [[ -f $dir/go.mod ]] && { cd "$dir"; return; }
  mkdir -p "$dir" && cd "$dir"
  # Staging modules (k8s.io/api, ...) are required at v0.0.0 and replaced by
  # ./staging paths in k8s.io/kubernetes' go.mod; outside that repo each must be
  # replaced by its published v0.<minor>.<patch> tag.
  local gomod staging_ver=v0.${K8S_VERSION#v1.}
  gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  [[ -f $gomod ]] || { echo "could not download k8s.io/kubernetes@$K8S_VERSION" >&2; exit 1; }
  local mods
  mods=$(sed -n -E 's#^(replace)?[[:space:]]*(k8s\.io/[^[:space:]]+)[[:space:]]+=>[[:space:]]+\./staging/.*#\2#p' "$gomod")
  {
    echo "module ckp/kubernetes"
    echo
    echo "go 1.22.0"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    local m
    for m in $mods; do echo "	$m => $m $staging_ver"; done
    echo ")"
  } > go.mod
  echo "k8s.io/kubernetes: replacing $(grep -c ' => ' go.mod) staging modules with $staging_ver"
}

# build_k8s_cmd kube-apiserver: builds k8s.io/kubernetes/cmd/<name>, stamped with the release version.
build_k8s_cmd() {
  local name=$1
  [[ -x $bin/$name ]] && { echo "$name: cached"; return; }
  local t=$SECONDS
  k8s_module
  local v=k8s.io/component-base/version cv=k8s.io/client-go/pkg/version minor=${K8S_VERSION#v1.}
  minor=${minor%%.*}
  local ldflags="-s -w" pkg
  for pkg in $v $cv; do
    ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  done
  go build -trimpath -ldflags "$ldflags" -o "$bin/$name.partial" "k8s.io/kubernetes/cmd/$name"
  mv "$bin/$name.partial" "$bin/$name"
  echo "$name $K8S_VERSION built in $(elapsed $t)"
}

build_etcd
build_k8s_cmd kube-apiserver
# the garbage collector and namespace controller of the management cluster
build_k8s_cmd kube-controller-manager
echo "done in $(elapsed $start_all): $bin"
ls -l "$bin"
