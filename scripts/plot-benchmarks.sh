#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Turns bench_peers' data file (group, x, Tandem, peer, ratio; tab-separated) into PNG plots
# with gnuplot (Debian's gnuplot-nox): fan-out throughput and latency, live editing, idle
# memory, and every workload's ratio in one chart.
#   usage: scripts/plot-benchmarks.sh DATA.tsv OUTPUT-DIR
set -euo pipefail
data=${1:?usage: plot-benchmarks.sh DATA.tsv OUTPUT-DIR}
outdir=${2:?usage: plot-benchmarks.sh DATA.tsv OUTPUT-DIR}
mkdir -p "$outdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for group in fanout-throughput fanout-p99 editing idle; do
    awk -F'\t' -v g="$group" '$1 == g { print $2 "\t" $3 "\t" $4 }' "$data" > "$tmp/$group.dat"
done
# One bar per workload: how many times better Tandem did (1 = the same as the peer).
awk -F'\t' '{
    label = $1 == "fanout-throughput" ? "fan-out " $2 " readers" :
            $1 == "fanout-p99" ? "fan-out p99 " $2 " readers" :
            $1 == "editing" ? "editing " $2 " writers" :
            $1 == "idle" ? "idle " $2 " conn." : "trace replay p99"
    printf "\"%s\"\t%s\n", label, $5
}' "$data" > "$tmp/ratios.dat"

common='set terminal pngcairo size 800,480 font "DejaVu Sans,11"
set grid ytics lc rgb "#dddddd"
set key top left box opaque
set style data linespoints
set border 3; set xtics nomirror; set ytics nomirror'
line() { # file title xlabel ylabel [extra settings]
    gnuplot <<GNUPLOT
$common
set output "$outdir/$1.png"
set title "$2"
set xlabel "$3"; set ylabel "$4"
${5:-}
plot "$tmp/$1.dat" using 1:2 title "Tandem" lw 2 pt 7 lc rgb "#2a7ab0", \
     "" using 1:3 title "peer" lw 2 pt 5 lc rgb "#d0662a"
GNUPLOT
}
line fanout-throughput "Fan-out: one writer, N readers (peer: Node ws relay)" "readers" \
    "deliveries per second" "set logscale x; set yrange [0:*]"
line fanout-p99 "Fan-out latency at 100 ops/s, p99 (peer: Node ws relay)" "readers" \
    "p99 send-to-receive (ms)" "set logscale x; set logscale y"
line editing "Live editing with 100 viewers, acks after commit (peer: ShareDB)" "writers" \
    "committed ops per second" "set logscale x 2; set yrange [0:*]"
line idle "Memory per idle connection (peer: Node ws)" "connections" "KiB of server RSS each" \
    "set logscale x; set yrange [0:*]"
gnuplot <<GNUPLOT
$common
set terminal pngcairo size 900,520 font "DejaVu Sans,11"
set output "$outdir/ratios.png"
set title "Tandem vs peer, every workload (above 1: Tandem ahead)"
set style data histogram
set style fill solid 0.8 border -1
set boxwidth 0.7
set xtics rotate by -35 left
set logscale y
set yrange [0.1:*]
set ylabel "times better than the peer (log)"
set key off
plot "$tmp/ratios.dat" using 2:xtic(1) lc rgb "#2a7ab0", 1 with lines lc rgb "#aa0000" dt 2
GNUPLOT
echo "plots in $outdir: fanout-throughput.png fanout-p99.png editing.png idle.png ratios.png"
