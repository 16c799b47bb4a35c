"""The container's HEALTHCHECK: GET /healthz on this container's own port, exit 0 when it is 200.

    python -m archive.healthcheck

It asks with the first of ALLOWED_HOSTS as Host, which Django requires (a bare 127.0.0.1 would
be a 400 in production); /healthz is exempt from the HTTPS redirect. A "degraded" archive (its
disk full, reads still working) is healthy here: restarting the container frees no disk.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    port = os.environ.get("PORT", "8000")
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",")]
    host = next((h.lstrip(".") for h in hosts if h and h != "*"), "localhost")
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            print(response.read().decode())
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(error.read().decode(errors="replace"))
    except OSError as error:
        print(error)
    return 1


if __name__ == "__main__":
    sys.exit(main())
