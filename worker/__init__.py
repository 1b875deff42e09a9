"""Everything with side effects: settings, Celery app and tasks, HTTP, database, CLI."""
