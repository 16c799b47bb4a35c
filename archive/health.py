"""A health check for load balancers and the Docker HEALTHCHECK: the database must answer."""

from django.db import connection
from django.http import JsonResponse


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any database failure means unhealthy, whatever its type
        return JsonResponse({"status": "error", "reason": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok"})
