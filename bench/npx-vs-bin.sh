#!/bin/bash
# The start of a hook command per event: the installed bin against npx, in a scratch app.
# Set up (offline, from the local tarball and this checkout's dependencies):
#   T=$(mktemp -d); npm pack --ignore-scripts --pack-destination "$T"
#   mkdir "$T/deps" "$T/app"; for d in $(npm ls --omit=dev --all --parseable | tail -n +2); do (cd "$T/deps" && npm pack --ignore-scripts "$d"); done
#   cd "$T/app" && npm init -y && npm install --offline --ignore-scripts ../deps/*.tgz ../hookjudge-*.tgz
# Then, in "$T/app": env -u NODE_EXTRA_CA_CERTS bash <this file> [runs]
runs=${1:-15}
median() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
echo "node -e 0: $(median node -e 0) ms"
echo "node node_modules/hookjudge/dist/cli.js --version: $(median node node_modules/hookjudge/dist/cli.js --version) ms"
echo "npx hookjudge --version: $(median npx hookjudge --version) ms"
echo "npx --no-install hookjudge --version: $(median npx --no-install hookjudge --version) ms"
