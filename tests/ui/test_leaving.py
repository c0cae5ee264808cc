"""Leaving the app never waits for a worker still running (an index or weights build
takes minutes at 10,000 plans): the process ends with the app (``ui.threads``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

APP = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from fyp_tui.corpus import Corpus
    from fyp_tui.ui import app as fyp_app

    class Leaving(fyp_app.FypApp):
        CSS_PATH = str(Path(fyp_app.__file__).with_name("app.tcss"))  # beside the app, not this file
        ready = False

        def on_ready(self):
            self.ready = True
            self.run_worker(lambda: time.sleep(60), thread=True)  # a long build, still running
            self.run_worker(self.app_thread_call, exclusive=False)
            self.set_timer(0.5, self.exit)

        async def app_thread_call(self):
            import asyncio
            await asyncio.to_thread(time.sleep, 60)  # as the palette's index load does

    app = Leaving(Corpus(), daemon_workers=True)
    app.run(headless=True)
    print("left" if app.ready and app.return_code == 0 else "did not run")
""")


def test_the_app_ends_without_waiting_for_its_workers(tmp_path):
    env = {"HOME": str(tmp_path), "FYP_CONFIG_DIR": str(tmp_path / "config"), "FYP_DATA_DIR": str(tmp_path / "data"),
           "FYP_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    script = tmp_path / "leaving.py"
    script.write_text(APP, encoding="utf-8")
    t = time.perf_counter()
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=50)
    took = time.perf_counter() - t
    assert done.returncode == 0 and done.stdout.strip() == "left", done.stderr[-2000:]
    assert took < 20, took  # the workers would hold it 60 s
