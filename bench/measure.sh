# Sourced by bench/run.sh and bench/postgres.sh: medians of several runs, and ratios.
#
# measure NAME CMD...: runs CMD $RUNS times (after $BEFORE_EACH, when set); records the median wall seconds in
# SECONDS_OF[NAME] and the median max RSS (MB) in RSS_OF[NAME], and prints them with every run's time.
declare -A SECONDS_OF RSS_OF
measure() {
    local name=$1; shift
    local times=() rss=()
    for _ in $(seq "$RUNS"); do
        [ -n "${BEFORE_EACH:-}" ] && eval "$BEFORE_EACH"
        /usr/bin/time -f "%e %M" -o "$CACHE/time.out" "$@" > /dev/null 2> "$CACHE/stderr.out" || { cat "$CACHE/stderr.out" >&2; exit 1; }
        read -r t m < "$CACHE/time.out"
        times+=("$t"); rss+=("$m")
    done
    SECONDS_OF[$name]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    RSS_OF[$name]=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1024}')
    printf '  %-34s %8.2f s  %6s MB   (runs: %s)\n' "$name" "${SECONDS_OF[$name]}" "${RSS_OF[$name]}" "${times[*]}"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
