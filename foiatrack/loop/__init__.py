"""Closing the loop between what a request asked for and what the agency sent.

- `asked.py`: asked vs received for one request (fields, periods, detail), from the
  request's ask and its tables' stored findings;
- `availability.py`: availability tiers per stage and jurisdiction, and stage-pair
  linkability, as public tables;
- `evidence.py`: a request's evidence bundle (a zip of letters, the comparison, findings);
- `catalogue.py`: the PDAP-style catalogue export;
- `views.py`, `urls.py`: their pages and downloads, under /gaps/ in the `pipeline`
  namespace (the addresses are permalinks).

No models of its own: it reads the pipeline's, received's and foia's. Imports point down
only: loop → pipeline → received → foia → core → audit.
"""
