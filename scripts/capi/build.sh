#!/usr/bin/env bash
# Builds Cluster API's own managers from the Go module proxy into a cache
# outside the repo, keyed by version:
#   ${CKP_CACHE_DIR:-$HOME/.cache/ckp}/capi/<CAPI_VERSION>/bin/
#     capi-manager               sigs.k8s.io/cluster-api (core controllers + webhooks)
#     kubeadm-bootstrap-manager  sigs.k8s.io/cluster-api/bootstrap/kubeadm
#   ${CKP_CACHE_DIR:-$HOME/.cache/ckp}/capi/byoh-<BYOH_VERSION>/bin/
#     byoh-manager               github.com/vmware-tanzu/cluster-api-provider-bringyourownhost
# and next to each bin/ a config/ with the release's own install manifests
# that scripts/capi/providers.ts applies as clusterctl would (webhook
# configurations, RBAC, clusterctl's inventory CRD, metadata.yaml).
# Idempotent: reuses binaries already there. Needs Go >= 1.21 and the proxy.
# Env: CKP_CACHE_DIR (cache root), CAPI_GOTOOLCHAIN (GOTOOLCHAIN for the
# builds; default "auto").
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

root=${CKP_CACHE_DIR:-$HOME/.cache/ckp}/capi
capi_bin=$root/$CAPI_VERSION/bin
byoh_bin=$root/byoh-$BYOH_VERSION/bin

command -v go >/dev/null || { echo "go is required (https://go.dev/dl)" >&2; exit 1; }
mkdir -p "$capi_bin" "$byoh_bin"
tmp=$(mktemp -d "$root/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=${CAPI_GOTOOLCHAIN:-auto}
start_all=$SECONDS
elapsed() { echo "$(( SECONDS - $1 ))s"; }

# The values CAPI's own Makefile stamps in (hack/version.sh), so the managers
# report their real version.
version_ldflags() {
  local pkg=$1 ver=$2 minor=${2#v*.}
  minor=${minor%%.*}
  local major=${2#v}
  major=${major%%.*}
  echo "-s -w -X '$pkg.gitVersion=$ver' -X '$pkg.gitMajor=$major' -X '$pkg.gitMinor=$minor'" \
    "-X '$pkg.gitTreeState=clean' -X '$pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)'"
}

build_capi() {
  if [[ -x $capi_bin/capi-manager && -x $capi_bin/kubeadm-bootstrap-manager ]]; then
    echo "cluster-api $CAPI_VERSION: cached"
    return
  fi
  local t=$SECONDS gobin=$tmp/capi-bin
  # Both main packages live in the one module sigs.k8s.io/cluster-api, which
  # has no replace directives, so `go install pkg@version` builds them as
  # released; one invocation shares the compile of their common packages.
  GOBIN=$gobin go install -trimpath -ldflags "$(version_ldflags sigs.k8s.io/cluster-api/version "$CAPI_VERSION")" \
    "sigs.k8s.io/cluster-api@$CAPI_VERSION" "sigs.k8s.io/cluster-api/bootstrap/kubeadm@$CAPI_VERSION"
  mv "$gobin/cluster-api" "$capi_bin/capi-manager"
  mv "$gobin/kubeadm" "$capi_bin/kubeadm-bootstrap-manager"
  echo "cluster-api $CAPI_VERSION managers built in $(elapsed $t)"
}

build_byoh() {
  if [[ -x $byoh_bin/byoh-manager ]]; then
    echo "byoh $BYOH_VERSION: cached"
    return
  fi
  local t=$SECONDS dir=$tmp/byoh mod=github.com/vmware-tanzu/cluster-api-provider-bringyourownhost
  mkdir -p "$dir" && cd "$dir"
  # BYOH's go.mod has replace directives, which `go install pkg@version`
  # refuses; and its main package hard-codes the webhook port. Build our
  # main (byoh-manager/main.go: BYOH's reconcilers and webhooks, ports as
  # flags) in a throwaway module requiring BYOH's release, with its replaces.
  local gomod
  gomod=$(go mod download -json "$mod@$BYOH_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  [[ -f $gomod ]] || { echo "could not download $mod@$BYOH_VERSION" >&2; exit 1; }
  {
    printf 'module ckp/byoh-manager\n\ngo 1.20\n\n'
    grep -E '^replace ' "$gomod" || true
  } > go.mod
  cp "$here/byoh-manager/main.go" .
  go get "$mod@$BYOH_VERSION"
  go mod tidy
  go build -trimpath -ldflags "-s -w" -o "$byoh_bin/byoh-manager.partial" .
  mv "$byoh_bin/byoh-manager.partial" "$byoh_bin/byoh-manager"
  echo "byoh $BYOH_VERSION manager built in $(elapsed $t)"
}

# copy_config <module@version> <dest> <path>...: files of the module's source, as released
copy_config() {
  local mod=$1 dest=$2 dir f missing=0
  shift 2
  for f in "$@"; do [[ -f $dest/$f ]] || missing=1; done
  [[ $missing == 1 ]] || return 0
  dir=$(go mod download -json "$mod" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [[ -d $dir ]] || { echo "could not download $mod" >&2; exit 1; }
  for f in "$@"; do
    mkdir -p "$dest/$(dirname "$f")"
    cp "$dir/$f" "$dest/$f"
    chmod u+w "$dest/$f"
  done
}

build_capi
build_byoh
copy_config "sigs.k8s.io/cluster-api@$CAPI_VERSION" "$root/$CAPI_VERSION/config" \
  metadata.yaml config/webhook/manifests.yaml config/rbac/role.yaml config/rbac/role_binding.yaml \
  bootstrap/kubeadm/config/webhook/manifests.yaml \
  bootstrap/kubeadm/config/rbac/role.yaml bootstrap/kubeadm/config/rbac/role_binding.yaml \
  cmd/clusterctl/config/manifest/clusterctl-api.yaml
copy_config "github.com/vmware-tanzu/cluster-api-provider-bringyourownhost@$BYOH_VERSION" "$root/byoh-$BYOH_VERSION/config" \
  metadata.yaml config/webhook/manifests.yaml config/rbac/role.yaml config/rbac/role_binding.yaml \
  config/rbac/byohost_editor_role.yaml config/rbac/byohost_editor_clusterrolebinding.yaml
echo "done in $(elapsed $start_all)"
ls -l "$capi_bin" "$byoh_bin"
