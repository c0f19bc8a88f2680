"""From stored findings to the public gap pages: coverage, linkage, the funnel.

- `coverage/`: `states.py` decides a dataset's or a cell's state in one place (pure);
  `rebuild.py` stores every dataset's state, every stage × jurisdiction × year cell and
  the funnel in one transaction;
- `funnel.py`: calls → reports → court → jail, measured link or the reason there is none;
- `linkruns.py`: link runs between two tables, on the job life cycle in `core/jobs.py`;
- `followups.py`: follow-up letters and drafts, and a draft turned into a request;
- `services.py`: the interface to those writes;
- `selectors/`: `queries.py` (reads, public rules applied once), `public_tables.py` and
  `dataset_report.py` (the tables pages and downloads render alike);
- `views.py`, `urls.py`: /gaps/ and the data admins' link-run pages.

Imports `received`, `foia`, `core` and `audit`; never `loop` or `api`.
"""
