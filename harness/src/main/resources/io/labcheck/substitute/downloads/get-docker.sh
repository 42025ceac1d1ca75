#!/bin/sh
# labcheck's stand-in for the script at https://get.docker.com, which this machine cannot reach.
# It installs Docker the other supported way: the distribution's own packages (docker.io, and
# docker-compose for the compose command the real script's plugin gives), then starts the engine.
set -e
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo sh "$0" "$@"
    fi
    echo "ERROR: this installer needs root: run it with sudo" >&2
    exit 1
fi
echo "# labcheck stand-in for get.docker.com: installing docker.io and docker-compose from the distribution's archive"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq docker.io docker-compose >/dev/null
systemctl enable --now docker >/dev/null 2>&1 || true
docker version
echo
echo "To run Docker as a non-privileged user, add the user to the docker group:"
echo "    sudo usermod -aG docker <user>"
echo "and log in again for the group to apply."
