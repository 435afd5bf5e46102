#!/usr/bin/env bash
# Prints the path of an executable that starts Temporal's time-skipping test server (Java), resolving its
# classpath with Maven into the cache on first use. The SDK runs it as `<path> <port>` and kills its PID,
# hence `exec`; the JVM flags keep start-up inside the SDK's ~5 s wait on 2 cores.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${MOTCUA_CACHE:-$HOME/.cache/motcua}"
POM="$HERE/test-server/pom.xml"
VERSION="$(sed -n 's:.*<version>\([0-9][^<]*\)</version>.*:\1:p' "$POM" | tail -1)"
DIR="$CACHE/temporal-test-server-$VERSION"
WRAPPER="$DIR/temporal-test-server"
if [ -x "$WRAPPER" ]; then echo "$WRAPPER"; exit 0; fi
command -v java >/dev/null && command -v mvn >/dev/null || { echo "Java and Maven are needed for the test server" >&2; exit 1; }
echo "Resolving Temporal's test server $VERSION with Maven (first run only)..." >&2
mkdir -p "$DIR"
mvn -q -B -f "$POM" -Dmaven.repo.local="$CACHE/m2" \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath -Dmdep.outputFile="$DIR/classpath.txt" >&2
cat > "$WRAPPER.tmp" <<WRAP
#!/usr/bin/env bash
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss512k -Xmx512m \\
  -cp "\$(cat "$DIR/classpath.txt")" io.temporal.testserver.TestServer "\$@"
WRAP
chmod +x "$WRAPPER.tmp" && mv "$WRAPPER.tmp" "$WRAPPER"
echo "$WRAPPER"
