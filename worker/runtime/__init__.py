"""The running service: settings, the Celery app and its tasks, and the ``wirefeed`` command line."""
