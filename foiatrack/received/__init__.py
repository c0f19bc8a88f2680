"""What agencies send back: files, the tables in them, and each table's audit.

- `uploads.py`: refuse an oversized upload early, store the bytes once (SHA-256), split
  the file into tables and queue an audit of each;
- `auditing.py`: the audit job (claim, progress, save findings, or fail with a sentence a
  person can act on) and its sweeper, both on `core/jobs.py`;
- `roles.py`: an admin's column-role corrections and re-runs;
- `services.py`: the interface to those three; `selectors.py`: reads; `tasks.py`: thin
  Celery tasks; `models.py`: files, tables, column profiles, gap flags.

Data flows one way: upload → task → `foiatrack.audit` (pure) → stored findings. Imports
`foia`, `core` and `audit`.
"""
