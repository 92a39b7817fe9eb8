"""Production tests: the production profile (ops/profile.py: PostgreSQL, Redis, the action
server, two Rasa servers, nginx) under load and one fault at a time (make production)."""
