"""Triage: reviewers' decisions on findings (decisions.py) and the local web app (app.py)."""
