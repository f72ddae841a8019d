#!/usr/bin/env bash
# There is no Docker engine here, so this runs the Dockerfile's own instructions, stage by stage, in
# scratch folders (each stage's WORKDIR maps into its folder), then starts the final CMD and checks
# that it answers, and that its HEALTHCHECK passes while it runs and fails once it is gone. COPY reads
# from the build context as .dockerignore leaves it (.ci/docker-context.mjs), so an ignore pattern that
# drops what the build needs fails here, and the context must not carry node_modules. It reads the
# Dockerfile itself, so the two cannot drift apart.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$root"' EXIT

src="$root/context"
node .ci/docker-context.mjs "$(pwd)" "$src"
for heavy in node_modules .git dist; do
  [ ! -e "$src/$heavy" ] || { echo "dockerfile.sh: the build context carries $heavy: exclude it in .dockerignore" >&2; exit 1; }
done

stage="" ; workdir="" ; cmd="" ; user="" ; healthcheck=""
declare -A stage_dir
while IFS= read -r line || [ -n "$line" ]; do
  line="${line%%#*}"; [ -z "${line// }" ] && continue
  read -r op rest <<<"$line"
  case "$op" in
    FROM) stage=$(awk '{print $3}' <<<"$rest"); stage_dir[$stage]="$root/$stage"; mkdir -p "${stage_dir[$stage]}"; user=""; healthcheck="" ;;
    WORKDIR) workdir="${stage_dir[$stage]}$rest"; mkdir -p "$workdir" ;;
    ENV) export "${rest?}" ;;
    COPY)
      if [[ "$rest" == --from=* ]]; then
        from=$(awk '{print $1}' <<<"$rest"); from="${from#--from=}"
        read -r _ what to <<<"$rest"
        # As Docker does: a destination ending in / is a directory, made when missing.
        [[ "$to" != */ ]] || mkdir -p "$workdir/$to"
        cp -R "${stage_dir[$from]}$what" "$workdir/$to"
      else
        read -r -a parts <<<"$rest"; to="${parts[-1]}"; unset 'parts[-1]'
        for part in "${parts[@]}"; do
          [ -e "$src/$part" ] || { echo "dockerfile.sh: COPY $part: not in the build context (.dockerignore?)" >&2; exit 1; }
          cp -R "$src/$part" "$workdir/$to"
        done
      fi ;;
    RUN) (cd "$workdir" && echo "dockerfile[$stage]: RUN $rest" && bash -c "$rest") ;;
    USER) user="$rest" ;;
    CMD) cmd=$(node -e 'console.log(JSON.parse(process.argv[1]).join(" "))' "$rest") ;;
    # Options (--interval=...) first, then CMD and its exec-form JSON array.
    HEALTHCHECK) healthcheck=$(sed -E 's/^(--[a-z-]+=[^ ]+ +)*CMD +//' <<<"$rest") ;;
    EXPOSE|LABEL|ARG) ;;
    *) echo "dockerfile.sh: unsupported instruction $op" >&2; exit 1 ;;
  esac
done < Dockerfile

[ -n "$user" ] && [ "$user" != "root" ] || { echo "dockerfile.sh: the final stage must run as a non-root USER" >&2; exit 1; }
[ -n "$cmd" ] || { echo "dockerfile.sh: no CMD" >&2; exit 1; }
[[ "$healthcheck" == \[* ]] || { echo "dockerfile.sh: the final stage needs a HEALTHCHECK [options] CMD [\"exec\", \"form\"]" >&2; exit 1; }
mapfile -d '' check < <(node -e 'for (const a of JSON.parse(process.argv[1])) process.stdout.write(a + "\0")' "$healthcheck")
port=$(node -e 's=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
# The HEALTHCHECK runs as Docker runs it: in the WORKDIR, with the container's environment, no shell.
healthcheck() { (cd "$workdir" && PORT=$port timeout 30 "${check[@]}"); }
(cd "$workdir" && PORT=$port HOST=127.0.0.1 exec $cmd) >"$root/out.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then
    echo "dockerfile: '$cmd' (as $user) answers on port $port"
    healthcheck || { echo "dockerfile.sh: the HEALTHCHECK failed against the running service" >&2; exit 1; }
    kill "$pid"; wait "$pid" 2>/dev/null || true
    if healthcheck; then echo "dockerfile.sh: the HEALTHCHECK passed with the service stopped" >&2; exit 1; fi
    echo "dockerfile: HEALTHCHECK passes while it runs, fails once it stopped"; exit 0
  fi
  sleep 0.2
done
echo "dockerfile.sh: '$cmd' did not answer; its output:" >&2; cat "$root/out.log" >&2; exit 1
