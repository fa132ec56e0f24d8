#!/usr/bin/env bash
# Sync throughput: generates THEMES themes x VERSIONS versions x 20 files (CSS, JS, JSON, SVG and
# a PNG, 0.5-24 KB each), then times `vitrine sync --all` (first run, everything new), a no-op
# re-sync, and sha256sum over the same files as the reference. Last line: the ratios.
# Usage: bench/sync.sh [themes, default 200] [versions, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
themes="${1:-200}"
versions="${2:-5}"

scripts/install-deps.sh build >/dev/null
[ -x build/vitrine ] || scripts/build.sh >/dev/null

work=$(mktemp -d /tmp/vitrine-bench-sync.XXXXXX)
trap 'rm -rf "$work"' EXIT

# perl is part of every Debian system (perl-base is Essential).
perl - "$work/themes" "$themes" "$versions" <<'PERL'
use strict; use warnings;
my ($root, $themes, $versions) = @ARGV;
srand(42);
sub put { my ($p, $c) = @_; (my $d = $p) =~ s{/[^/]+$}{}; system("mkdir", "-p", $d) unless -d $d;
  open(my $f, ">", $p) or die "$p: $!"; binmode $f; print $f $c; close $f; }
sub css { my ($n, $seed) = @_; my $s = "/* theme $seed */\n"; my $i = 0;
  while (length($s) < $n) { $s .= sprintf(".c%d-%d{display:flex;gap:%dpx;color:var(--c%d);padding:%drem %dpx}\n",
    $seed, $i, $i % 13, $i % 7, $i % 3, $i % 29); $i++ } substr($s, 0, $n) }
for my $t (1 .. $themes) {
  my $slug = sprintf("bench-%03d", $t);
  for my $v (0 .. $versions - 1) {
    my $dir = "$root/$slug/v1.$v.0";
    put("$dir/theme-metadata.json", qq({"slug":"$slug","name":"Bench $t","version":"1.$v.0",)
      . qq("description":"Generated theme $t","template_type":"ecommerce","price_tier":"free",)
      . qq("price_amount":0,"author":"bench","license":"MIT","tags":["bench","t$t"],)
      . qq("stylesheets":["build/theme.css"],"changelog":"v$v"}));
    my %comps = map { $_ => 1 } qw(Hero ProductGrid RichText Footer);
    my $cfg = join(",", map { qq("$_":{"label":"$_","fields":{"title":{"type":"text"}},"defaultProps":{"title":"$_"}}) } sort keys %comps);
    put("$dir/puck-config.json", qq({"components":{$cfg}}));
    put("$dir/components/$_.js", "function render(props, ctx) { return `<section class=\"$_\">\${ctx.escapeHtml(props.title)}</section>`; }\n" . ("// $t $v\n" x 20)) for keys %comps;
    put("$dir/build/theme.css", css(24000, $t * 10 + $v));
    put("$dir/build/theme.min.css", css(16000, $t * 10 + $v + 1));
    put("$dir/build/app.js", "(function(){" . ("document.querySelectorAll('.c$t').forEach(function(e){e.classList.add('v$v')});" x 80) . "})();\n");
    put("$dir/build/vendor.js", "var x$t=" . ("[1,2,3,4,5,6,7,8]," x 600) . "0;\n");
    put("$dir/build/images/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'>" . ("<circle cx='5' cy='5' r='$v'/>" x 40) . "</svg>");
    put("$dir/build/images/photo-$_.png", join("", map { chr(int(rand(256))) } 1 .. 3000)) for 1 .. 4;
    put("$dir/build/fonts/body.woff2", join("", map { chr(int(rand(256))) } 1 .. 8000));
    put("$dir/docs/getting-started.md", "# Bench $t\n\n" . ("Some documentation line.\n" x 60));
    put("$dir/README.md", "Theme $t version $v\n");
    put("$dir/previews/thumbnail.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect width='$t' height='$v'/></svg>");
  }
}
PERL

files=$(find "$work/themes" -type f | wc -l)
bytes=$(du -sb "$work/themes" | cut -f1)
echo "generated $themes themes x $versions versions: $files files, $((bytes / 1024 / 1024)) MB"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# Reference: hash every file once (warms the page cache for both measurements alike).
t0=$(now)
(cd "$work/themes" && find . -type f -print0 | xargs -0 sha256sum >/dev/null)
t1=$(now)
sha=$(elapsed "$t0" "$t1")

# Context: what merely copying the same files costs on this disk (sync copies every file, plus
# brotli and gzip copies of text assets).
t0=$(now)
cp -r "$work/themes" "$work/copy"
t1=$(now)
copy=$(elapsed "$t0" "$t1")
rm -rf "$work/copy"

flags=(--data-dir "$work/data" --themes-dir "$work/themes" --log-level warn)
t0=$(now)
build/vitrine sync --all "${flags[@]}" >"$work/first.txt" 2>/dev/null
t1=$(now)
full=$(elapsed "$t0" "$t1")
tail -1 "$work/first.txt"

t0=$(now)
build/vitrine sync --all "${flags[@]}" >"$work/second.txt" 2>/dev/null
t1=$(now)
noop=$(elapsed "$t0" "$t1")
tail -1 "$work/second.txt"

echo "sha256sum: ${sha}s  cp -r: ${copy}s  first sync: ${full}s  no-op re-sync: ${noop}s"
awk -v f="$full" -v s="$sha" -v n="$noop" -v c="$copy" 'BEGIN {
  printf "sync/sha256sum ratio: %.2f (goal <= 3), sync/cp-r ratio: %.2f, no-op re-sync: %.1f%% of full sync (goal <= 5%%)\n", f / s, f / c, 100 * n / f }'
