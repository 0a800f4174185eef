"""Locust scenarios for bench/load/run.py (reads the seed file bench/load/seed.py wrote).

The user class is named on locust's command line: RegionalUser (the regional mix),
TrivialUser (/health/?skip=worker only: the reference), PortalUser (the public plan page
only). LOAD_USER_OFFSET shifts which
seeded citizen sessions this run uses (each run gets fresh commenters, so the per-person
comment rate limit is not what is measured)."""

import itertools
import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, HttpUser, between, constant, task

SEED = json.loads(Path(os.environ.get("LOAD_SEED_FILE", "/tmp/renstra_load_seed.json")).read_text())
_citizens = itertools.count(int(os.environ.get("LOAD_USER_OFFSET", "0")))
_planners = itertools.count()


def _session(client, key: str) -> None:
    client.cookies.set("sessionid", key)
    client.cookies.set("csrftoken", SEED["csrf"])


class RegionalUser(HttpUser):
    """One person of the consultation deadline rush: mostly public readers, some
    commenters, some planners in their workspace, some PDF downloads."""

    wait_time = between(0.5, 1.5)

    def on_start(self):
        n = next(_citizens)
        self.citizen = SEED["citizen_sessions"][n % len(SEED["citizen_sessions"])]
        self.planner = SEED["planner_sessions"][next(_planners) % len(SEED["planner_sessions"])]

    @task(35)
    def portal_plan(self):
        self.client.get(f"/publik/rencana/{SEED['ratified']}/", name="portal plan page")

    @task(10)
    def consultation_page(self):
        self.client.get(
            f"/partisipasi/konsultasi/{SEED['consultation']}/", name="consultation page"
        )

    @task(15)
    def workspace(self):
        self.client.cookies.clear()
        _session(self.client, self.planner)
        self.client.get(f"/rencana/{SEED['consulted']}/", name="workspace (planner)")
        self.client.cookies.clear()

    @task(15)
    def comment(self):
        self.client.cookies.clear()
        _session(self.client, self.citizen)
        with self.client.post(
            f"/partisipasi/konsultasi/{SEED['consultation']}/komentar/kirim/",
            data={
                "target": "plan",
                "body": f"Komentar beban {random.randint(1, 10**9)}: mohon ditinjau.",
            },
            headers={"X-CSRFToken": SEED["csrf"]},
            allow_redirects=False,
            name="comment (write)",
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
        self.client.cookies.clear()

    @task(10)
    def portal_pdf(self):
        self.client.get(f"/publik/rencana/{SEED['ratified']}/pdf/", name="PDF (public, stored)")

    @task(5)
    def planner_pdf(self):
        public_id, pk = SEED["planner_document"]
        self.client.cookies.clear()
        _session(self.client, self.planner)
        self.client.get(f"/rencana/{public_id}/pdf/{pk}/unduh/", name="PDF (planner, stored)")
        self.client.cookies.clear()


# The two throughput runs send requests back to back (no think time): they measure what
# the server can serve, not what the users ask for. FastHttpUser: the lighter client, so
# that locust (on the same cores) takes less of the machine from the server.
class TrivialUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def health(self):
        # The database and cache checks, not the worker's heartbeat (no worker runs here).
        self.client.get("/health/?skip=worker", name="trivial (/health/)")


class PortalUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def portal_plan(self):
        self.client.get(f"/publik/rencana/{SEED['ratified']}/", name="portal plan page")
