"""Run one render in a child process with a wall-time and a memory limit.

WeasyPrint holds the whole document in memory and the allocator does not give it back to
the system, so a long-lived worker that renders in-process only grows. Each render runs in
a fresh interpreter (a subprocess: no copy of the parent's memory, connections, threads) that
sets RLIMIT_AS on itself before loading anything, writes the PDF to a file the parent
named, and exits; the parent waits at most the time limit and kills it after that.

The child does not touch the database: the parent reads the content and builds the
document, the child gets it pickled and only turns it into PDF bytes."""

import json
import os
import pickle  # nosec B403  # unpickles only what our own parent process wrote
import subprocess  # nosec B404  # runs our own interpreter, no shell
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


class RenderFailed(Exception):
    """The child process failed, ran out of memory or time. `reason` is short and stable
    (timeout, memory, error, crashed); the message says more."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class RenderResult:
    path: Path
    seconds: float
    info: dict[str, Any]


# Run by the child interpreter: ask the kernel to kill it when its worker dies, limit its
# own address space before anything is loaded, then set Django up (importing this package
# before that would load models too early).
_CHILD_CODE = """
import os
import sys
try:  # die with the worker (Linux): a render nobody waits for must not run on
    import ctypes
    import signal
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
except (ImportError, OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[7]):  # the worker died before the line above
    sys.exit(70)
max_mb = int(sys.argv[4])
try:
    import resource
    limit = max_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
except ImportError:
    pass
if sys.argv[6] == "1":
    import django
    django.setup()
from renstra.document.worker import child_main
sys.exit(child_main(sys.argv[1:6]))
"""


def child_main(argv: list[str]) -> int:
    """The child's work: unpickle the argument, call the function, write the bytes to
    the out path (write then rename, so the parent never sees half a file under its
    name), and the outcome as JSON to the result path. Returns the exit code."""
    func_path, payload_path, out_path, max_mb, result_path = argv
    try:
        func = import_string(func_path)
        with open(payload_path, "rb") as fh:
            argument = pickle.load(fh)  # noqa: S301  # nosec B301  # written by our own parent
        data, info = func(argument)
        tmp = out_path + ".part"
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out_path)
        outcome = {"status": "ok", "info": info or {}}
    except MemoryError:
        outcome = {"status": "memory", "detail": f"out of memory (limit {max_mb} MB)"}
    except BaseException as exc:
        outcome = {"status": "error", "detail": f"{type(exc).__name__}: {exc}"[:2000]}
    with open(result_path, "w") as fh:
        json.dump(outcome, fh)
    return 0 if outcome["status"] == "ok" else 1


def render_in_child(
    func_path: str,
    argument: Any,
    *,
    out_path: Path,
    timeout: float | None = None,
    max_mb: int | None = None,
    setup_django: bool = True,
) -> RenderResult:
    """Call `func_path(argument) -> (bytes, info)` in a new Python process and write the
    bytes to `out_path`. Returns the path, the seconds it took and `info` (page count).
    `setup_django=False` starts faster, for functions that need neither settings nor
    models (`partpdf`).

    Raises RenderFailed when the child fails, exceeds `max_mb` of address space
    (RENSTRA_RENDER_MAX_MB) or runs longer than `timeout` seconds (RENSTRA_RENDER_TIMEOUT;
    it is killed then). On failure nothing is left at `out_path`."""
    timeout = timeout if timeout is not None else settings.RENSTRA_RENDER_TIMEOUT
    max_mb = max_mb if max_mb is not None else settings.RENSTRA_RENDER_MAX_MB
    out_path = Path(out_path)
    payload_path = out_path.with_name(out_path.name + ".payload")
    result_path = out_path.with_name(out_path.name + ".result.json")
    with open(payload_path, "wb") as fh:
        pickle.dump(argument, fh, protocol=pickle.HIGHEST_PROTOCOL)
    env = dict(os.environ)
    base = str(settings.BASE_DIR)
    env["PYTHONPATH"] = os.pathsep.join([base, *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
    # Compiled modules of the child (WeasyPrint, pypdf) kept outside the source tree, so a
    # child does not compile them again where PYTHONDONTWRITEBYTECODE is set (about 1 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(_pycache_dir())
    command = [
        sys.executable,
        "-c",
        _CHILD_CODE,
        func_path,
        str(payload_path),
        str(out_path),
        str(max_mb),
        str(result_path),
        "1" if setup_django else "0",
        str(os.getpid()),
    ]
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603  # nosec B603  # our own interpreter and code
        command, cwd=base, env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _out, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        _discard(out_path)
        raise RenderFailed(
            "timeout", f"render took longer than {timeout:g} s and was stopped"
        ) from None
    finally:
        payload_path.unlink(missing_ok=True)
    seconds = time.monotonic() - started
    try:
        outcome = json.loads(result_path.read_text())
    except (OSError, ValueError):
        outcome = None
    finally:
        result_path.unlink(missing_ok=True)
    if outcome is None:
        _discard(out_path)
        tail = (stderr or b"").decode(errors="replace").strip().splitlines()[-3:]
        if any("MemoryError" in line for line in tail):
            raise RenderFailed("memory", f"out of memory (limit {max_mb} MB)")
        raise RenderFailed(
            "crashed", f"render process died (exit code {process.returncode}): {' '.join(tail)}"
        )
    if outcome["status"] != "ok":
        _discard(out_path)
        raise RenderFailed(outcome["status"], outcome.get("detail", ""))
    if not out_path.exists():
        raise RenderFailed("error", "render process ended without writing its file")
    return RenderResult(path=out_path, seconds=seconds, info=dict(outcome.get("info") or {}))


def _pycache_dir() -> Path:
    configured = getattr(settings, "RENSTRA_RENDER_PYCACHE_DIR", None)
    path = Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "render-pycache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _discard(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".part")):
        p.unlink(missing_ok=True)
