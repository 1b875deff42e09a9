FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN useradd --create-home --uid 1000 wirefeed
WORKDIR /app
COPY pyproject.toml README.md schema.sql ./
COPY parsers ./parsers
COPY worker ./worker
RUN pip install ".[flower]"
USER wirefeed
ENTRYPOINT ["wirefeed"]
CMD ["run"]
