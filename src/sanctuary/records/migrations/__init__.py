"""Alembic migrations of the records store, shipped inside the package (`sanctuary db upgrade`)."""
