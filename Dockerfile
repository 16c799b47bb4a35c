# Production image of the referat archive: granian + whitenoise, PostgreSQL from DATABASE_URL.
# Put a buffering reverse proxy in front (compose.yaml starts nginx with deploy/nginx.conf).
FROM python:3.11-slim-bookworm

# The same uv that wrote uv.lock, from PyPI.
RUN pip install --no-cache-dir uv==0.13.9
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project

COPY . .
# Static files are collected at build time and served by whitenoise. collectstatic needs no
# database; the URL and key below exist only for this build step.
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --uid 10001 --home /app archive && mkdir -p /app/var && chown archive /app/var
USER archive

# WEB_WORKERS processes x WEB_THREADS threads run the views; connections (idle, slow or
# waiting) are held by granian's Rust side, each client having WEB_HEADER_TIMEOUT seconds for
# its request line and headers.
ENV PORT=8000 HOST=0.0.0.0 WEB_WORKERS=3 WEB_THREADS=4 WEB_HEADER_TIMEOUT=10
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "archive.healthcheck"]

# DATABASE_URL is required: the entrypoint refuses to start without it. The background worker
# is the same image with `python manage.py procrastinate worker` (see compose.yaml).
CMD ["sh", "-c", ": \"${DATABASE_URL:?DATABASE_URL must point at PostgreSQL}\" && python manage.py migrate --noinput && exec python -m archive.web"]
