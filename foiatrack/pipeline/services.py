"""Writes for the pipeline, one module per concern; this module is their interface.

- `coverage/rebuild.py`: the coverage matrix, each dataset's state and the funnel, rebuilt
  in one transaction; queueing a rebuild after a commit; `coverage/partial.py`: one
  jurisdiction's part of it, after an audit;
- `funnel.py`: the funnel's steps, measured link or the reason there is none;
- `linkruns.py`: link runs, on the one job life cycle in `foiatrack/core/jobs.py`;
- `followups.py`: follow-up letters, drafts, and a draft turned into a request.

Data flows one way: audited tables and open requests → coverage_recompute() → stored
cells and funnel → selectors → public pages. Link runs read the stored files through the
audit engine (foiatrack.audit.linkage) and save its counts.
"""

from foiatrack.core.jobs import TRANSIENT_ERRORS
from foiatrack.pipeline.coverage.partial import (
    coverage_recompute_after_audit,
    coverage_recompute_jurisdictions,
)
from foiatrack.pipeline.coverage.rebuild import (
    COVERAGE_TASK,
    PENDING_STATUSES,
    coverage_recompute,
    coverage_recompute_enqueue_on_commit,
    coverage_recompute_if_stale,
)
from foiatrack.pipeline.followups import (
    BLOCK_ADDRESS,
    KEY_WORDS,
    STAGE_RECORDS,
    TIMESTAMP,
    FollowUp,
    FollowUpError,
    followup_draft_create,
    followup_letter,
    followup_to_request,
    missing_fields_for,
)
from foiatrack.pipeline.funnel import (
    FUNNEL_PAIRS,
    funnel_build,
)
from foiatrack.pipeline.linkruns import (
    LINK_FAILURE_MESSAGE,
    LINK_GAVE_UP_MESSAGE,
    LINK_RUN_TASK,
    LinkRunError,
    link_run_claim,
    link_run_create,
    link_run_enqueue,
    link_run_execute,
    link_runs_sweep,
)

__all__ = [
    "BLOCK_ADDRESS",
    "COVERAGE_TASK",
    "FUNNEL_PAIRS",
    "FollowUp",
    "FollowUpError",
    "KEY_WORDS",
    "LINK_FAILURE_MESSAGE",
    "LINK_GAVE_UP_MESSAGE",
    "LINK_RUN_TASK",
    "LinkRunError",
    "PENDING_STATUSES",
    "STAGE_RECORDS",
    "TIMESTAMP",
    "TRANSIENT_ERRORS",
    "coverage_recompute",
    "coverage_recompute_after_audit",
    "coverage_recompute_jurisdictions",
    "coverage_recompute_enqueue_on_commit",
    "coverage_recompute_if_stale",
    "followup_draft_create",
    "followup_letter",
    "followup_to_request",
    "funnel_build",
    "link_run_claim",
    "link_run_create",
    "link_run_enqueue",
    "link_run_execute",
    "link_runs_sweep",
    "missing_fields_for",
]
