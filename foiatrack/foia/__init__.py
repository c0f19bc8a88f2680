"""Requests under a public-records law, and who they go to.

Jurisdictions, agencies and their access routes (`directory.py`), laws as data and their
calendars (`laws.py`, `deadlines.py`), requests and their lifecycle (`lifecycle.py`),
letters (`letters.py`), appeals, exemptions, tracking numbers and reminders. Writes in
`services.py`, reads in `selectors.py`, pages in `views.py`.

Imports only `core`.
"""
