"""gunicorn settings for Rumah Dataku, shared by `make serve` and deploy/rumahdataku.service."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WORKERS", "3"))
# Monthly reports and Excel exports are the slowest pages; nginx waits as long (proxy_read_timeout).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Renew workers now and then, so a slow leak never grows.
max_requests = 1000
max_requests_jitter = 100
# No access log here: nginx logs each request without its query string (search terms are names
# and NIKs); a gunicorn access log would record them in full.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# Only nginx on this host may set X-Forwarded-Proto.
forwarded_allow_ips = "127.0.0.1,::1"
