#!/usr/bin/env bash
# Builds and runs the example application (examples/java-app) against the dann4j jar this checkout
# built (run `mvn verify` or `mvn package` first), as an application would use it:
#   1. dann4j's jar, flattened pom, sources and javadoc are installed into a fresh, temporary local
#      Maven repository (nothing is written to ~/.m2); dann4j's own dependencies are copied into it
#      from ~/.m2 when present there (a local repository serves as a remote one), else from Central;
#   2. the example is built there; its resolved classpath is printed (jars, MB) and must not contain
#      the command-line tool's libraries (picocli, progressbar, jline, slf4j-simple);
#   3. TrainSaveLoad trains through the public API, saves, reloads and compares; `dann4j train`
#      writes a model folder from generated images and ClassifyImages classifies them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
for f in target/dann4j.jar target/flattened-pom.xml; do
  [[ -f $f ]] || { echo "run-examples: $f is missing; run 'mvn verify' (or 'mvn package') first" >&2; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dann4j-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
cat > "$tmp/settings.xml" <<XML
<settings>
  <profiles><profile><id>seed</id>
    <repositories><repository><id>seed</id><url>file://$HOME/.m2/repository</url>
      <snapshots><enabled>false</enabled></snapshots></repository></repositories>
    <pluginRepositories><pluginRepository><id>seed</id><url>file://$HOME/.m2/repository</url>
      <snapshots><enabled>false</enabled></snapshots></pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>seed</activeProfile></activeProfiles>
</settings>
XML
mvn=(mvn -B -q -Dstyle.color=never -s "$tmp/settings.xml" -Dmaven.repo.local="$repo")
quiet() { "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'; } # Maven 3.8 prints colour resets even with -B -q
started=$(date +%s)

quiet "${mvn[@]}" org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file -Dfile=target/dann4j.jar -DpomFile=target/flattened-pom.xml \
    -Dsources=target/dann4j-sources.jar -Djavadoc=target/dann4j-javadoc.jar
app=examples/java-app
quiet "${mvn[@]}" -f $app/pom.xml package org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile="$tmp/classpath.txt"

classpath=$(cat "$tmp/classpath.txt")
IFS=: read -r -a jars <<< "$classpath"
bytes=0
for jar in "${jars[@]}"; do
  bytes=$((bytes + $(stat -c %s "$jar")))
  case $(basename "$jar") in
    picocli-*|progressbar-*|jline-*|slf4j-simple-*)
      echo "run-examples: FAIL: the application's classpath contains $(basename "$jar")" >&2; exit 1 ;;
  esac
done
[[ $classpath == *"$repo/io/github/dann4j/dann4j/"* ]] || { echo "run-examples: FAIL: dann4j did not come from the temporary repository" >&2; exit 1; }
echo "example application classpath: ${#jars[@]} jars, $(awk -v b=$bytes 'BEGIN{printf "%.1f MiB (%.1f MB)", b/1048576, b/1e6}') (no picocli, progressbar, jline, slf4j-simple):"
for jar in "${jars[@]}"; do echo "  $(basename "$jar")"; done

run=(java -cp "$app/target/classes:$classpath")
cli=(java -cp "target/dann4j.jar:target/lib/*" io.github.dann4j.cli.Main)
# An application's folder read by the CLI ...
"${run[@]}" example.TrainSaveLoad "$tmp/api-model"
"${cli[@]}" evaluate --model "$tmp/api-model" --data "$tmp/test.csv" | head -1 | sed 's/^/dann4j evaluate on the same: /'
"${run[@]}" example.MakeImages "$tmp/images"
# ... and a folder written by `dann4j train` read by the application.
"${cli[@]}" train --source "$tmp/images/source" --target "$tmp/images/target" --grey-to-rgb --resize 28x28 \
    --normalize standard --steps 60 --batch-size 16 --output "$tmp/cli-model" > "$tmp/train.log" 2>&1 \
    || { cat "$tmp/train.log"; exit 1; }
"${run[@]}" example.ClassifyImages "$tmp/cli-model" "$tmp/images/target" > "$tmp/classify.txt"
head -3 "$tmp/classify.txt"
tail -1 "$tmp/classify.txt"
grep -q "classified 120 images" "$tmp/classify.txt" || { echo "run-examples: FAIL: ClassifyImages did not classify the 120 images" >&2; exit 1; }
# The application's answers equal the CLI's for every image: the class, and the probability as printed
# (6 significant digits) within 2e-6. Not to the last digit: the two processes may run libtorch on
# different thread counts, whose reductions can round the last bit otherwise, and a value near a
# rounding boundary then prints one unit apart (0.548104 and 0.548105, seen once on this 2-core machine).
"${cli[@]}" predict --model "$tmp/cli-model" --data "$tmp/images/target" --output "$tmp/cli.csv" > /dev/null
paste -d, <(grep -E '^[0-9]+,' "$tmp/classify.txt" | cut -d, -f1-3) <(tail -n +2 "$tmp/cli.csv") | awk -F, '
  { cls = $5; p = $(6 + cls); d = $3 - p; if (d < 0) d = -d; if (d > worst) worst = d; if ($2 != cls || d > 2e-6) { bad++; if (bad == 1) print "image " $1 ": API " $2 "," $3 ", CLI " cls "," p > "/dev/stderr" } }
  END { if (bad) { print "run-examples: FAIL: the CLI gives " bad " images another class or probability" > "/dev/stderr"; exit 1 }
        printf "ClassifyImages agrees with dann4j predict on all %d images (largest probability difference %.1g)\n", NR, worst }'
echo "examples passed in $(( $(date +%s) - started )) s"
