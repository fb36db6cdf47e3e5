"""gunicorn settings for the portal: gunicorn -c deploy/gunicorn.conf.py wsgi:app

Behind nginx on the same machine. Workers are processes (the work is Python and database
round trips); two threads each let a worker overlap one request's database wait with another.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# A request longer than this is stuck: the worker is replaced. Uploads of big CSV files by
# staff are the slowest requests; nginx buffers the upload first, so 120 s is plenty.
timeout = 120
graceful_timeout = 30
keepalive = 5
# Replace workers now and then, so a slow leak can never grow for weeks.
max_requests = 5000
max_requests_jitter = 500
# Only nginx, on this machine, may tell us the client's address and scheme.
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
loglevel = "info"
# Each worker opens its own database connections after the fork.
preload_app = False
proc_name = "portal"
