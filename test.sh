#!/usr/bin/env bash
# Runs every test: unit tests on real SQLite and browser tests in headless Chromium.
# Installs what is missing first (Chromium through apt when running as root).
set -euo pipefail
cd "$(dirname "$0")"

chromium_path="${CDP_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed for the browser tests and was not found at $chromium_path." >&2
    echo "Install it with: sudo apt-get install -y chromium   (or set CDP_CHROMIUM to its path)" >&2
    exit 1
  fi
fi

dotnet build Cdp.sln -c Release -nologo -clp:ErrorsOnly
dotnet test Cdp.Tests/Cdp.Tests.csproj -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
