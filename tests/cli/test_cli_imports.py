"""A `--json` command prints no rich renderable, so it never pays for importing rich."""

from __future__ import annotations

import os
import subprocess
import sys


def test_json_search_never_imports_rich(tmp_path):
    code = (
        "import sys\n"
        "from fyp_tui.cli import main\n"
        "code = main(['--no-user-corpus', 'search', '楼宇经济', '--json'])\n"
        "sys.exit(20 + ('rich' in sys.modules) if code == 0 else 1)\n"
    )
    env = dict(os.environ, FYP_CACHE_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 20, done.stderr
    assert '"total"' in done.stdout


def test_human_output_still_goes_through_the_safe_console(tmp_path):
    code = (
        "import sys\n"
        "from fyp_tui.cli import output\n"
        "con = output.console()\n"
        "sys.exit(0 if type(con).__name__ == 'SafeConsole' and 'rich' in sys.modules else 1)\n"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
