"""Developer tooling that production never imports: the demo, private PostgreSQL/Redis, the sample wire site,
and the parser evaluation."""
