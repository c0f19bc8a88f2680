"""What every app shares, and nothing that knows about them.

- `roles.py`: the `staff` and `data_admin` groups and the decorators that check them;
- `jobs.py`: the one life cycle of a background job (claim by conditional update,
  heartbeat/progress, stalled detection, resend a lost job, give up after N attempts) and
  sending a task by name, at once or after the transaction commits;
- `public_cache.py`: anonymous visitors' cached pages and API answers;
- `csv_export.py`: CSV downloads that a spreadsheet cannot turn into formulas;
- `models.py` (the pipeline's stages), `services.py`, `views.py` (home, login), `load_demo`.

Imports nothing from the other apps.
"""
