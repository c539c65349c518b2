#!/usr/bin/env bash
# Installs the system packages Parallax needs on Debian/Ubuntu: the C
# libraries Fyne (GLFW) and the native dialog (GTK 3) build against, and with
# --test also what the end-to-end tests use (Xvfb, xdotool, ImageMagick).
# Uses sudo when not root; does nothing when everything is there already.
set -euo pipefail
pkgs=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libgtk-3-dev)
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=(xvfb xauth xdotool imagemagick)
  command -v python3 >/dev/null || pkgs+=(python3) # the e2e test reads JSON with it
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "Please install: ${missing[*]} (or your system's equivalents)" >&2
  exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "Installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
