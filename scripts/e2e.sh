#!/usr/bin/env bash
# End-to-end test of the real binary: CLI import/search/show on a folder,
# then the window under Xvfb, checked from screenshots' pixels.
# usage: scripts/e2e.sh path/to/parallax
set -uo pipefail
bin=$(realpath "${1:-bin/parallax}")
cd "$(dirname "$0")/.."
work=$(mktemp -d)
passed=0 failed=0
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
ok()   { echo "ok   $*"; passed=$((passed+1)); }
fail() { echo "FAIL $*"; failed=$((failed+1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }

# A fixture folder: the sample corpus plus one file that is not text.
mkdir -p "$work/src"
cp -r assets/sample/. "$work/src/"
rm -f "$work/src/README.md"
printf '\x00\x01\x02\x03binary' > "$work/src/broken.txt"
corpus="$work/corpus"
export PARALLAX_CORPUS="$work/unused" XDG_DATA_HOME="$work/xdg" HOME="$work/home"
mkdir -p "$HOME"

echo "== CLI"
"$bin" import --corpus "$corpus" "$work/src" >"$work/import.out" 2>"$work/import.err"; rc=$?
check "import exits 0" test $rc -eq 0
check "import summary line" grep -qE '^imported [0-9]+ files' "$work/import.out"
check "import reports the broken file by path" grep -q "broken.txt: " "$work/import.err"
n=$(find "$work/src" -name '*.txt' ! -name broken.txt | wc -l)
check "every article imported ($n)" grep -q "corpus has $n articles" "$work/import.out"

"$bin" search --corpus "$corpus" --json --limit 5 'title:port' >"$work/search.json" 2>"$work/search.err"; rc=$?
check "search --json exits 0" test $rc -eq 0
check "search --json prints hits with id, path, title, outlet, score, snippet" \
  python3 -c 'import json,sys
hits=[json.loads(l) for l in open(sys.argv[1])]
assert hits, "no hits"
for h in hits:
    for k in ("id","path","title","outlet","score","snippet"): assert k in h, k
    assert "port" in h["title"].lower(), h["title"]' "$work/search.json"
id=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$work/search.json")
"$bin" show --corpus "$corpus" "$id" >"$work/show.out"; rc=$?
check "show prints the article" test $rc -eq 0 -a -s "$work/show.out"
"$bin" search --corpus "$corpus" '"unterminated' >/dev/null 2>"$work/bad.err"; rc=$?
check "malformed query: exit 1 and one line" test $rc -eq 1 -a "$(wc -l <"$work/bad.err")" -eq 1
"$bin" search --limit >/dev/null 2>&1; rc=$?
check "wrong call exits 2" test $rc -eq 2
"$bin" version | grep -q '^parallax ' ; check "version" test $? -eq 0

echo "== window under Xvfb"
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & pids+=($!)
export DISPLAY=$display LANGUAGE=en GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done 2>/dev/null
"$bin" --corpus "$corpus" >"$work/gui.log" 2>&1 & gui=$!; pids+=($gui)
wid=$(timeout 30 xdotool search --sync --name '^Parallax$' | head -1)
check "the window appears" test -n "$wid"
sleep 3
import -window root "$work/start.png"
colours=$(convert "$work/start.png" -format '%k' info:)
check "the window rendered content ($colours colours)" test "$colours" -gt 40

# A second process on the same corpus gets a clear message at once.
start=$(date +%s%N)
"$bin" search --corpus "$corpus" port >/dev/null 2>"$work/lock.err"; rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "second process refused in ${ms} ms" test $rc -eq 1 -a $ms -lt 1000
check "second process says the corpus is in use" grep -q "in use by another Parallax process" "$work/lock.err"
# A second window on the same corpus explains itself (terminal and window) instead of hanging.
"$bin" --corpus "$corpus" >"$work/gui2.log" 2>&1 & gui2=$!; pids+=($gui2)
for _ in $(seq 30); do grep -q "in use" "$work/gui2.log" && break; sleep 0.1; done
check "a second window on the corpus says it is in use" grep -q "in use by another Parallax process" "$work/gui2.log"
wins=0
for _ in $(seq 50); do
  wins=$(xdotool search --onlyvisible --name '^Parallax$' 2>/dev/null | wc -l)
  [ "$wins" -ge 2 ] && break; sleep 0.1
done
check "the second window shows the message ($wins Parallax windows)" test "$wins" -ge 2
kill $gui2 2>/dev/null; wait $gui2 2>/dev/null
xdotool windowactivate "$wid" 2>/dev/null; sleep 0.5

# pixels that differ between two screenshots
changed() { compare -metric AE "$work/$1.png" "$work/$2.png" null: 2>&1 | cut -d' ' -f1 | cut -d. -f1; }
shot() { sleep "${2:-1.5}"; import -window root "$work/$1.png"; }
# query: Ctrl+F focuses the query box (its text selected), type, Enter.
query() { xdotool key ctrl+f; sleep 0.3; xdotool type --delay 20 "$1"; xdotool key Return; }

# A query that matches nothing: the empty states of the list, the
# concordance (Ctrl+K) and the timeline (Ctrl+6).
query 'zzqxnothing'; shot empty
xdotool key ctrl+k; shot kwic_empty
xdotool key ctrl+6; shot timeline_empty
xdotool key ctrl+shift+r; sleep 0.5
# A query that matches: the same three views with content.
query 'summit'; shot results
diff=$(changed empty results)
check "results rendered after the query ($diff pixels changed)" test "${diff:-0}" -gt 5000
xdotool key ctrl+k; shot kwic
diff=$(changed kwic_empty kwic)
check "the concordance shows lines for the query ($diff pixels changed)" test "${diff:-0}" -gt 5000
diff=$(changed results kwic)
check "Ctrl+K switched from the list to the concordance ($diff pixels changed)" test "${diff:-0}" -gt 5000
xdotool key ctrl+6; shot timeline
diff=$(changed timeline_empty timeline)
check "the timeline draws the query's counts ($diff pixels changed)" test "${diff:-0}" -gt 5000
# The chart's series colours: the timeline has far more colours than its empty state.
c1=$(convert "$work/timeline_empty.png" -format '%k' info:); c2=$(convert "$work/timeline.png" -format '%k' info:)
check "the timeline chart is drawn in colour ($c1 → $c2 colours)" test "$c2" -gt "$((c1 + 3))"
xdotool key ctrl+1; shot library
diff=$(changed timeline library)
colours=$(convert "$work/library.png" -format '%k' info:)
check "Ctrl+1 shows the library charts ($diff pixels changed, $colours colours)" test "${diff:-0}" -gt 5000 -a "$colours" -gt 40
# Esc clears the query: the list shows every article again.
xdotool key ctrl+2; sleep 0.5; xdotool key ctrl+shift+r; sleep 0.3; xdotool key ctrl+f Escape; shot cleared
diff=$(changed results cleared)
check "Esc cleared the query ($diff pixels changed)" test "${diff:-0}" -gt 2000
# Part 2: Stories (Ctrl+3), Entities (Ctrl+5) and Compare (Ctrl+4) on the sample corpus.
xdotool key ctrl+3; shot stories 2.5
diff=$(changed cleared stories); colours=$(convert "$work/stories.png" -format '%k' info:)
check "Ctrl+3 shows the stories with coverage dots ($diff pixels changed, $colours colours)" test "${diff:-0}" -gt 5000 -a "$colours" -gt 40
xdotool key ctrl+5; shot entities 3
diff=$(changed stories entities); colours=$(convert "$work/entities.png" -format '%k' info:)
check "Ctrl+5 draws the entity network ($diff pixels changed, $colours colours)" test "${diff:-0}" -gt 5000 -a "$colours" -gt 40
xdotool key ctrl+4; shot compare_empty 1
# Pick the second story in the list, then "Compare selected" (bottom of the
# story panel): the Compare screen fills with aligned columns.
xdotool key ctrl+3; sleep 1
xdotool mousemove --window "$wid" 300 300 click 1; sleep 1
xdotool mousemove --window "$wid" 968 693 click 1; shot compare 2.5
diff=$(changed compare_empty compare); colours=$(convert "$work/compare.png" -format '%k' info:)
check "a story's Compare selected fills the Compare columns ($diff pixels changed, $colours colours)" test "${diff:-0}" -gt 20000 -a "$colours" -gt 40
if [[ -n "${E2E_KEEP:-}" ]]; then cp "$work"/*.png "$work"/gui.log "$E2E_KEEP"/ 2>/dev/null; fi
kill $gui 2>/dev/null; wait $gui 2>/dev/null

# A corpus from an older Parallax (schema 4) is upgraded when the window opens
# it: a notice while the index is rebuilt, then the app on the upgraded corpus.
cp -r "$corpus" "$work/old"
sed -i 's/"schema": [0-9]*/"schema": 4/' "$work/old/parallax-corpus.json"
"$bin" --corpus "$work/old" >"$work/gui3.log" 2>&1 & gui3=$!; pids+=($gui3)
wid3=$(timeout 30 xdotool search --sync --name '^Parallax$' | head -1)
for _ in $(seq 100); do grep -q '"schema": 4' "$work/old/parallax-corpus.json" || break; sleep 0.1; done
shot upgraded 3
colours=$(convert "$work/upgraded.png" -format '%k' info:)
check "an older corpus is upgraded in the window (marker now schema $(grep -o '"schema": [0-9]*' "$work/old/parallax-corpus.json" | grep -o '[0-9]*$'), $colours colours)" \
  test -n "$wid3" -a "$colours" -gt 40 -a -z "$(grep '"schema": 4' "$work/old/parallax-corpus.json")"
kill $gui3 2>/dev/null; wait $gui3 2>/dev/null
"$bin" check --corpus "$work/old" >"$work/check3.out" 2>&1; rc=$?
check "the upgraded corpus passes check" test $rc -eq 0

echo "e2e: $passed passed, $failed failed"
test $failed -eq 0
