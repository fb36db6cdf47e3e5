"""WSGI entry point: gunicorn wsgi:app, or flask --app wsgi COMMAND."""

from portal import create_app

app = create_app()
