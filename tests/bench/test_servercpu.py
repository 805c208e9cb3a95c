"""bench/servercpu.py: CPU of a process tree from /proc, per request over a row."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    not os.path.exists("/proc/self/stat"), reason="reads Linux's /proc"
)


def _stat(pid, name, ppid, utime, stime, cutime=0, cstime=0):
    # Fields 3.. after the name: state, ppid, pgrp, session, tty, tpgid, flags,
    # minflt, cminflt, majflt, cmajflt, utime, stime, cutime, cstime, ...
    rest = ["S", ppid, pid, pid, 0, -1, 0, 0, 0, 0, 0, utime, stime, cutime, cstime]
    return f"{pid} ({name}) " + " ".join(map(str, [*rest, 20, 0, 1])) + "\n"


@pytest.fixture
def fake_proc(tmp_path, monkeypatch, servercpu):
    """A /proc with a gunicorn master (100), two workers, one unrelated process,
    and names with spaces and parentheses, which the split must survive."""
    procs = {
        100: ("gunicorn: master [intranet]", 1, 10, 5, 300, 20),
        101: ("gunicorn: worker) (x", 100, 400, 40, 0, 0),
        102: ("worker 2", 100, 200, 10, 0, 0),
        103: ("child of worker", 102, 7, 3, 0, 0),
        200: ("postgres", 1, 9999, 999, 0, 0),
    }
    for pid, (name, ppid, *times) in procs.items():
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(_stat(pid, name, ppid, *times))
    (tmp_path / "self").mkdir()  # not a pid: ignored
    monkeypatch.setattr(servercpu, "PROC", tmp_path)
    monkeypatch.setattr(servercpu, "TICK", 100)
    return tmp_path


def test_descendants_follow_the_tree(fake_proc, servercpu):
    assert sorted(servercpu.descendants([100])) == [100, 101, 102, 103]
    assert servercpu.descendants([200]) == [200]


def test_cpu_of_a_tree_counts_live_and_reaped_children_once(fake_proc, servercpu):
    # master 10+5 + reaped 300+20, workers 440 and 210, grandchild 10: 995 ticks
    assert servercpu.cpu_seconds([100]) == pytest.approx(9.95)
    assert servercpu.cpu_seconds([101]) == pytest.approx(4.40)


def test_a_process_gone_between_listing_and_reading_counts_nothing(
    fake_proc, servercpu
):
    assert servercpu.process_seconds(999) == 0.0


def test_meter_divides_the_trees_cpu_by_the_requests(fake_proc, servercpu):
    meter = servercpu.Meter([100], lambda: [200])
    before = meter.sample()
    stat = fake_proc / "101" / "stat"
    stat.write_text(_stat(101, "w", 100, 600, 40))  # +200 ticks: 2 s
    (fake_proc / "200" / "stat").write_text(_stat(200, "postgres", 1, 10099, 999))
    row = meter.per_request(before, requests=400)
    assert row["cpu_ms"] == pytest.approx(5.0)  # 2 s / 400
    assert row["db_cpu_ms"] == pytest.approx(2.5)  # 1 s / 400
    assert row["cpu_requests"] == 400
    assert meter.per_request(before, requests=0)["cpu_ms"] is None


def test_a_real_child_burning_cpu_is_counted(servercpu):
    """Against the real /proc: a child's CPU shows in the parent's tree, live
    and (through cutime) after it has been reaped."""
    me = os.getpid()
    start = servercpu.cpu_seconds([me])
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "end = time.process_time() + 0.3\n"
            "while time.process_time() < end: pass\n"
            "print('done', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "done"
    assert child.pid in servercpu.descendants([me])
    live = servercpu.cpu_seconds([me]) - start
    child.communicate("")
    reaped = servercpu.cpu_seconds([me]) - start
    assert live >= 0.25
    # reaped, its time is in our cutime (rounded to ticks apiece: a tick or two of slack)
    assert reaped >= live - 2 / servercpu.TICK


def test_settle_waits_for_the_servers_to_go_idle(fake_proc, servercpu, monkeypatch):
    stat = fake_proc / "101" / "stat"
    work = iter([450, 500, 550])  # the first three polls find the worker working
    polls = []

    def sleep(seconds):
        polls.append(seconds)
        utime = next(work, None)
        if utime is not None:
            stat.write_text(_stat(101, "w", 100, utime, 40))

    monkeypatch.setattr(servercpu.time, "sleep", sleep)
    servercpu.Meter([100]).settle(idle=0.01, timeout=5)
    assert len(polls) == 4  # three busy polls, then one quiet one


def test_settle_waits_for_a_query_still_running(fake_proc, servercpu, monkeypatch):
    """The workers are quiet while a request waits on PostgreSQL: not idle yet."""
    stat = fake_proc / "200" / "stat"
    work = iter([10100, 10200])
    polls = []

    def sleep(seconds):
        polls.append(seconds)
        utime = next(work, None)
        if utime is not None:
            stat.write_text(_stat(200, "postgres", 1, utime, 999))

    monkeypatch.setattr(servercpu.time, "sleep", sleep)
    servercpu.Meter([100], lambda: [200]).settle(idle=0.01, timeout=5)
    assert len(polls) == 3
