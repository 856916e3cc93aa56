# One image runs every role: `homecare serve` (API, assistant, pages) and the CLI tasks.
# Scale out by running several containers against PostgreSQL and a Chroma server:
#   HOMECARE_DATABASE_URL=postgresql+psycopg://...  HOMECARE_CHROMA_URL=http://chroma:8000
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HOMECARE_HOST=0.0.0.0 \
    HOMECARE_PORT=8000 \
    HOMECARE_DATA_DIR=/var/lib/homecare

WORKDIR /app

# The CPU build of torch first: an unpinned torch would pull several GB of CUDA libraries.
# Point TORCH_INDEX_URL at PyTorch's CPU wheel index (or a mirror of it) when building.
ARG TORCH_INDEX_URL=""
RUN pip install ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"} "torch==2.13.0"

# Dependencies before the source, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p gateway assistant && touch gateway/__init__.py assistant/__init__.py \
    && pip install . && pip uninstall -y homecare

# The code and its data (FHIR profiles, knowledge base) live together under /app.
COPY gateway ./gateway
COPY assistant ./assistant
COPY fhir_profiles ./fhir_profiles
COPY knowledge ./knowledge
RUN pip install --no-deps -e . \
    && useradd --system --uid 10001 --home /var/lib/homecare homecare \
    && mkdir -p /var/lib/homecare && chown homecare /var/lib/homecare

USER homecare
# Build the knowledge index at image build time? No: it depends on HOMECARE_CHROMA_URL at run time;
# the app builds it on start when missing or stale.
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/fhir/metadata')"
CMD ["homecare", "serve"]
