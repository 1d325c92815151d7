"""Writes of plans, tasks, progress and steering committees, each audited,
each validated once; one module per part:

- `plans`: a plan with its tasks, its signed document;
- `issuing`: a plan drafted and issued on the outgoing register;
- `tasks`: a task, its checks and the occurrences its deadline or RRULE gives;
- `recurrence`: recurrences in plain Vietnamese;
- `progress`: the lead unit's reports and evidence;
- `committees`: steering committees and their members' terms.

Callers import from `antq.plans.services`."""

from antq.plans.services.committees import (
    COMMITTEE_FIELDS,
    COMMITTEE_MEMBER_FIELDS,
    committee_create,
    committee_decision_upload,
    committee_member_add,
    committee_member_end,
)
from antq.plans.services.files import MAX_EVIDENCE_BYTES
from antq.plans.services.issuing import plan_issue
from antq.plans.services.plans import (
    ISSUERS,
    MAX_YEARS,
    PLAN_FIELDS,
    PlanInput,
    plan_check,
    plan_create,
    plan_document_upload,
    plan_take_over,
)
from antq.plans.services.progress import (
    OCCURRENCE_FIELDS,
    evidence_add,
    may_report,
    progress_report,
)
from antq.plans.services.recurrence import (
    RECURRENCE_CHOICES,
    recurrence_choice,
    recurrence_label,
    recurrence_rule,
)
from antq.plans.services.tasks import (
    MAX_OCCURRENCES,
    TASK_FIELDS,
    TaskInput,
    expand,
    period_of,
    task_add,
    task_check,
    task_update,
)

__all__ = [
    "COMMITTEE_FIELDS",
    "COMMITTEE_MEMBER_FIELDS",
    "ISSUERS",
    "MAX_EVIDENCE_BYTES",
    "MAX_OCCURRENCES",
    "MAX_YEARS",
    "OCCURRENCE_FIELDS",
    "PLAN_FIELDS",
    "RECURRENCE_CHOICES",
    "TASK_FIELDS",
    "PlanInput",
    "TaskInput",
    "committee_create",
    "committee_decision_upload",
    "committee_member_add",
    "committee_member_end",
    "evidence_add",
    "expand",
    "may_report",
    "period_of",
    "plan_check",
    "plan_create",
    "plan_document_upload",
    "plan_issue",
    "plan_take_over",
    "progress_report",
    "recurrence_choice",
    "recurrence_label",
    "recurrence_rule",
    "task_add",
    "task_check",
    "task_update",
]
