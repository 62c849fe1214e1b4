"""The PostgreSQL schema that holds every learning table."""

SCHEMA = "learning"
