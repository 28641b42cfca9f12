"""Celery: the app, one thin task per step, the chains per job kind, Beat dispatchers."""
