#!/bin/sh
# Installs the forwarder as a systemd service. Run as root from the repository root after
# `mvn -B package -DskipTests`:  sudo forwarder/deploy/install.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/twt-forwarder.jar"
[ -f "$jar" ] || { echo "install.sh: $jar not found: build it first (mvn -B package -DskipTests)" >&2; exit 1; }

id twt >/dev/null 2>&1 || useradd --system --home-dir /var/lib/twt-forwarder --shell /usr/sbin/nologin twt
install -d -o root -g root -m 0755 /opt/twt-forwarder /etc/twt-forwarder
install -d -o twt -g twt -m 0750 /var/lib/twt-forwarder
install -d -o twt -g twt -m 0755 /var/log/twt-forwarder
install -o root -g root -m 0644 "$jar" /opt/twt-forwarder/twt-forwarder.jar
if [ ! -f /etc/twt-forwarder/forwarder.properties ]; then
  install -o root -g twt -m 0640 "$here/forwarder.properties" /etc/twt-forwarder/forwarder.properties
fi
install -o root -g root -m 0644 "$here/twt-forwarder.service" /etc/systemd/system/twt-forwarder.service
systemctl daemon-reload
systemctl enable twt-forwarder.service
systemctl restart twt-forwarder.service
echo "twt-forwarder installed; logs: /var/log/twt-forwarder/forwarder.log"
