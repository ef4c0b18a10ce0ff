#!/bin/sh
# Install the system packages that `make demo` and `make test` need; idempotent.
#
#   scripts/install-system-deps.sh [--check] [--report FILE]
#
# As root (or with password-less sudo) on a system with apt-get, it installs the missing
# packages: one `apt-get update`, then `apt-get install --no-install-recommends` of only what
# is missing (dpkg-query decides, so a machine that has everything returns in milliseconds).
# Otherwise, or with --check, it installs nothing and prints exactly what is missing, then
# continues (exit 0): `make` goes on and the tests that need a missing tool are skipped with
# this reason. --report FILE records the outcome for the test suite (tests/conftest.py):
# its first line is "ok" or "could-not-install: REASON", each further line is a missing
# package, what proves it is there and who needs it, tab-separated. Exit 2 only for bad usage.
#
# To add a requirement, add one line to REQUIREMENTS: package, then what proves it is there
# without dpkg (cmd:NAME[,NAME...] for commands, font:FAMILY for a fontconfig family, py:MODULE for a
# module of the system python3), then a comment on who needs it.
set -eu

REQUIREMENTS='
make                      cmd:make          the two entry points
git                       cmd:git           status --explain and the pre-commit test
python3-venv              py:ensurepip      make creates .venv/ with python3 -m venv
fontconfig                cmd:fc-list       the LaTeX exporter looks up the emoji font
texlive-luatex            cmd:lualatex      export --pdf (LuaLaTeX)
texlive-latex-recommended tex:scrartcl.cls  export --pdf (KOMA-Script, fancyvrb, hyperref)
fonts-nanum               font:NanumMyeongjo  Hangul in PDFs (and screenshots)
fonts-symbola             font:Symbola      emoji and symbols in PDFs (the bundled notes)
poppler-utils             cmd:pdftotext,pdffonts,pdftoppm,pdfinfo  LaTeX tests read the PDFs
chromium                  cmd:chromium      HTML test: headless screenshot
default-jre-headless      cmd:java          HTML test: the Nu HTML validator (vnu.jar)
'

check_only=0
report=""
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check_only=1 ;;
    --report) [ $# -ge 2 ] || { echo "usage: $0 [--check] [--report FILE]" >&2; exit 2; }
              report=$2; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [--check] [--report FILE]" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "install-system-deps: $*" >&2; }

packages() { echo "$REQUIREMENTS" | awk 'NF && $1 !~ /^#/ {print $1}'; }
probe_of() { echo "$REQUIREMENTS" | awk -v p="$1" '$1 == p {print $2}'; }
purpose_of() { echo "$REQUIREMENTS" | awk -v p="$1" '$1 == p {$1 = ""; $2 = ""; sub(/^ +/, ""); print}'; }

# Whether what a package provides is there, without asking dpkg (any distribution).
probe() {
  what=${1#*:}
  case "$1" in
    cmd:*) for name in $(echo "$what" | tr , ' '); do
             command -v "$name" >/dev/null 2>&1 || return 1
           done ;;
    font:*) command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list "$what" family 2>/dev/null)" ] ;;
    tex:*) command -v kpsewhich >/dev/null 2>&1 && [ -n "$(kpsewhich "$what" 2>/dev/null)" ] ;;
    py:*) command -v python3 >/dev/null 2>&1 && python3 -c "import $what" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# The packages still missing, one per line. With dpkg: one dpkg-query call; a package dpkg
# lacks still counts as present when its probe succeeds (e.g. TeX Live from tug.org).
missing() {
  if command -v dpkg-query >/dev/null 2>&1; then
    # shellcheck disable=SC2046
    dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $(packages) 2>/dev/null \
      | awk '$2 == "ii" {print $1}' >"$tmp/installed" || true
    for pkg in $(packages); do
      grep -qx "$pkg" "$tmp/installed" || probe "$(probe_of "$pkg")" || echo "$pkg"
    done
  else
    for pkg in $(packages); do
      probe "$(probe_of "$pkg")" || echo "$pkg"
    done
  fi
}

# apt-get as root, quiet, never reading stdin; while another apt or dpkg holds its lock (an
# unattended upgrade, a parallel install), wait for it (about 10 minutes) instead of failing.
apt_get() {
  tries=0
  while :; do
    # shellcheck disable=SC2086
    if $runner DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq -y \
      --no-install-recommends "$@" >"$tmp/log" 2>&1 </dev/null; then
      return 0
    fi
    grep -qi "lock" "$tmp/log" && [ "$tries" -lt 20 ] || return 1
    tries=$((tries + 1))
    say "apt is busy (another installation holds its lock): waiting"
    sleep 30
  done
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

todo=$(missing)
how=""
if [ -n "$todo" ]; then
  runner=""
  if [ "$check_only" = 1 ]; then
    how="--check: nothing installed"
  elif ! command -v apt-get >/dev/null 2>&1; then
    how="no apt-get on this system"
  elif [ "$(id -u)" = 0 ]; then
    runner="env"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    runner="sudo -n env"
  else
    how="not root and no password-less sudo"
  fi
  if [ -n "$runner" ]; then
    # shellcheck disable=SC2086
    say "installing $(echo $todo)"
    if ! apt_get update; then
      how="apt-get update failed"
      tail -n 15 "$tmp/log" >&2
    elif apt_get install $todo; then
      how="apt-get did not install them"
    else
      # one package this distribution lacks (Ubuntu has no chromium .deb) must not stop the rest
      how="apt-get could not install them"
      for pkg in $todo; do
        apt_get install "$pkg" || { say "apt-get install $pkg failed:"; tail -n 3 "$tmp/log" >&2; }
      done
    fi
    todo=$(missing)
  fi
fi

if [ -n "$report" ]; then
  mkdir -p "$(dirname "$report")"
  {
    if [ -z "$todo" ]; then echo "ok"; else echo "could-not-install: $how"; fi
    for pkg in $todo; do printf '%s\t%s\t%s\n' "$pkg" "$(probe_of "$pkg")" "$(purpose_of "$pkg")"; done
  } >"$report.tmp"
  mv "$report.tmp" "$report"
fi

if [ -n "$todo" ]; then
  say "missing system packages ($how):"
  for pkg in $todo; do printf '  %-26s %s\n' "$pkg" "$(purpose_of "$pkg")" >&2; done
  # shellcheck disable=SC2086
  if command -v apt-get >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    say "install with: sudo apt-get install --no-install-recommends $(echo $todo)"
  else
    say "install your distribution's equivalents (Debian names above)"
  fi
  say "continuing; tests that need them are skipped, naming this reason"
fi
exit 0
