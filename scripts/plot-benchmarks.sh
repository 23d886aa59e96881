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
    if ($1 == "fanout-throughput") label = "fan-out " $2 " readers"
    else if ($1 == "fanout-p99") label = "fan-out p99 " $2 " readers"
    else if ($1 == "editing") label = "editing " $2 " writers"
    else if ($1 == "idle") label = "idle " $2 " conn."
    else label = "trace replay p99"
    printf "\"%s\"\t%s\n", label, $5
}' "$data" > "$tmp/ratios.dat"

common='set terminal pngcairo size 800,480 font "DejaVu Sans,11"
set grid ytics lc rgb "#dddddd"
set key top left Left reverse spacing 1.3 width 2
set style data linespoints
set border 3; set xtics nomirror; set ytics nomirror'
line() { # file title xlabel ylabel peer [extra settings]
    gnuplot <<GNUPLOT
$common
set output "$outdir/$1.png"
set title "$2"
set xlabel "$3"; set ylabel "$4"
${6:-}
plot "$tmp/$1.dat" using 1:2 title "Tandem" lw 2 pt 7 lc rgb "#2a7ab0", \
     "" using 1:3 title "$5" lw 2 pt 5 lc rgb "#d0662a"
GNUPLOT
}
line fanout-throughput "Fan-out: one writer, N readers" "readers" "deliveries per second" \
    "Node ws relay" "set logscale x; set xrange [7:3000]; set yrange [0:*]"
line fanout-p99 "Fan-out latency at 100 ops/s, p99" "readers" "p99 send-to-receive (ms)" \
    "Node ws relay" "set logscale x; set xrange [7:3000]; set logscale y"
line editing "Live editing with 100 viewers, acks after commit" "writers" \
    "committed ops per second" "ShareDB (in memory)" \
    "set logscale x 2; set xrange [0.8:40]; set yrange [0:*]"
line idle "Memory per idle connection" "connections" "KiB of server RSS each" "Node ws" \
    "set logscale x; set xrange [700:14000]; set yrange [0:*]"
gnuplot <<GNUPLOT
$common
set terminal pngcairo size 960,560 font "DejaVu Sans,11"
set rmargin 12; set bmargin 9
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
