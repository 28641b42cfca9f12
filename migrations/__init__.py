"""Alembic migrations; ``migrations.runner`` runs them with the app's settings."""
