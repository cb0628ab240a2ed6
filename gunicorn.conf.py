"""gunicorn settings the portal is always served with (`--config gunicorn.conf.py`).

gunicorn names itself in a `Server` header of every response and has no setting for it; the
header only helps people looking for servers with a known weakness. gunicorn reads the name
from `gunicorn.http.wsgi.SERVER` for each response (the `SERVER_SOFTWARE` environment variable
of older versions is no longer used), so the header is sent empty.
"""

from gunicorn.http import wsgi

wsgi.SERVER = ""
