#!/usr/bin/env bash
# Packs what bench/gpu/run-gpu.sh needs on a GPU machine that has no Java, no Maven and no network
# into .gpu/ (git-ignored through .git/info/exclude): a jlink Java 17 runtime (gzipped: unpacked it
# is 40 MB, and the device tool carries at most 64 MiB with the checkout), the benchmarks jar, the
# kernels and engine test classes with JUnit's console launcher and TestProgressFile, and the ocl-icd
# OpenCL loader (JOCL loads the unversioned libOpenCL.so, which a CUDA image may lack).
#
#   bench/gpu/make-bundle.sh     # after: mvn -B -DbuildDir=$BUILD_DIR -pl bench -am -DskipTests package
# Environment: BUILD_DIR (Maven build folder, default target), JAVA_HOME (a JDK 17, default Debian's).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build=${BUILD_DIR:-target}
jdk=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
out=.gpu
junit=junit-platform-console-standalone-1.10.2.jar
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
rm -rf "$out"
mkdir -p "$out/lib" "$out/jars"

# No java.desktop (11 MB): the report and its charts are rendered here, from the run's files.
# jdk.incubator.vector is for the CPU kernels, jdk.management and jdk.unsupported for JMH.
jre=$(mktemp -d)/jre
"$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,java.xml,jdk.unsupported,jdk.zipfs,jdk.incubator.vector \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$jre"
tar -C "$(dirname "$jre")" -czf "$out/jre.tgz" jre
rm -rf "$(dirname "$jre")"

cp "bench/$build/benchmarks.jar" "$out/jars/"
(cd "kernels/$build/test-classes" && jar cf "$root/$out/jars/kernels-tests.jar" .)
(cd "engine/$build/test-classes" && jar cf "$root/$out/jars/engine-tests.jar" .)
if [ ! -f "$HOME/.cache/mimo4j/$junit" ]; then
  mkdir -p "$HOME/.cache/mimo4j"
  curl -sfL -o "$HOME/.cache/mimo4j/$junit" \
    "https://repo1.maven.org/maven2/org/junit/platform/junit-platform-console-standalone/1.10.2/$junit"
fi
cp "$HOME/.cache/mimo4j/$junit" "$out/jars/"
# The tests' progress file for run-gpu.sh's watchdog, registered as a JUnit listener in a jar of its own.
progress=$(mktemp -d)
"$jdk/bin/javac" -d "$progress" -cp "$out/jars/$junit" bench/gpu/TestProgressFile.java
mkdir -p "$progress/META-INF/services"
echo TestProgressFile > "$progress/META-INF/services/org.junit.platform.launcher.TestExecutionListener"
"$jdk/bin/jar" cf "$out/jars/test-progress.jar" -C "$progress" .
rm -rf "$progress"
# Regular files, not links: links travel to the device machine as links only.
cp -L /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 "$out/lib/libOpenCL.so.1"
cp -L /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 "$out/lib/libOpenCL.so"
git rev-parse --short=12 HEAD > "$out/commit"
du -sh "$out"
