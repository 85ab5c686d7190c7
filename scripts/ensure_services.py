"""Make sure PostgreSQL (with the project's database) and Redis answer.

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/saleor_loyalty) and
LOYALTY_REDIS_URL (default redis://127.0.0.1:6379/0). A local server that is down is
started the way this machine's services are started; anything else fails loudly.
"""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg2
import redis
from psycopg2 import sql

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


def log(message):
    print(f"==> {message}", file=sys.stderr, flush=True)


def wait_for(check, what, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not yet"
            if time.monotonic() > deadline:
                sys.exit(f"{what} did not come up: {exc}")
            time.sleep(1)


def start_postgres():
    versions = sorted(p.name for p in Path("/etc/postgresql").glob("*")) if Path(
        "/etc/postgresql"
    ).exists() else []
    if not versions or not shutil.which("pg_ctlcluster"):
        sys.exit("PostgreSQL is not running and no local cluster was found to start.")
    log(f"Starting PostgreSQL {versions[-1]}")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
        check=False,
    )


def ensure_postgres(url):
    parts = urlparse(url)
    params = dict(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        connect_timeout=5,
    )
    try:
        connection = psycopg2.connect(**params)
    except psycopg2.OperationalError:
        if (parts.hostname or "") not in LOCAL_HOSTS:
            raise
        start_postgres()
        connection = wait_for(lambda: psycopg2.connect(**params), "PostgreSQL")
    name = parts.path.lstrip("/")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"Creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def ensure_redis(url):
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.ping()
        return
    except redis.ConnectionError:
        if (urlparse(url).hostname or "") not in LOCAL_HOSTS or not shutil.which(
            "redis-server"
        ):
            raise
    log("Starting Redis")
    Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
    Path("/var/log/redis").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
         "--port", str(urlparse(url).port or 6379), "--save", "", "--appendonly", "no",
         "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"],
        check=True,
    )
    wait_for(client.ping, "Redis")


if __name__ == "__main__":
    ensure_postgres(os.environ["DATABASE_URL"])
    ensure_redis(os.environ.get("LOYALTY_REDIS_URL", "redis://127.0.0.1:6379/0"))
