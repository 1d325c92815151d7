"""Assessment work that runs on the task queue (see antq.core.jobs): the files
of a recognition decision (the decision in DOCX and PDF and one certificate per
unit, hundreds of pages for a province) are rendered by the worker, not by the
web request."""

import datetime as dt

from django.db.models import Max
from django.urls import reverse

from antq.assessments.models import RecognitionDecision
from antq.assessments.services.decisions import (
    decision_generate,
    decision_issue,
    decision_reissue,
)
from antq.audit.context import audit_context
from antq.core.models import Job

DECISION_DOCUMENTS = "antq.assessments.jobs.run_decision_documents"
ISSUE, GENERATE, REISSUE = "issue", "generate", "reissue"


def decision_job_params(decision: RecognitionDecision, action: str, **reissue) -> dict:
    """The job's parameters (JSON): the decision, what to do, and for a reissue
    the reason and the corrections."""
    if "date" in reissue:
        reissue["date"] = reissue["date"].isoformat()
    return {"decision": decision.pk, "action": action, **reissue}


def run_decision_documents(job: Job, progress) -> dict:
    """Issue, generate or reissue the decision as the person who asked, through
    the same services as the API: all of it or, on any error, none of it."""
    params = dict(job.params)
    decision = RecognitionDecision.objects.get(pk=params.pop("decision"))
    action = params.pop("action")
    progress(0, 1)
    with audit_context(job.source or "web", job.ip_address):
        if action == ISSUE:
            decision_issue(by=job.actor, decision=decision)
        elif action == GENERATE:
            decision_generate(by=job.actor, decision=decision)
        else:
            params["date"] = dt.date.fromisoformat(params["date"])
            decision_reissue(by=job.actor, decision=decision, **params)
    progress(1, 1)
    version = decision.documents.aggregate(v=Max("version"))["v"]
    url = reverse("assessments:decision-detail", args=[decision.pk])  # the job page opens it
    return {"decision": decision.pk, "action": action, "version": version, "url": url}
