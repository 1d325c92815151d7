"""Every URL antq serves, as every persona, generated from Django's URL resolver
and the API's OpenAPI schema: a URL added later is covered without anyone
writing its test, because an undeclared URL fails here.

Each URL is filled with real ids from commune A (or the province), and each
persona's answer is declared once per URL name:

    anonymous · commune A officer · commune B officer · province viewer ·
    province approver · commune A data-entry clerk

404 means "not yours to know about" (commune B never sees A's objects), 403
"visible but not yours to change", 302 for the anonymous "sign in first".

Each page is asked with both methods. A page read with GET is also sent an
empty POST: unless its view refuses POST outright (405 to everyone signed in),
it answers as the GET did, or as POSTED says. A page that acts on POST answers
a GET with 405: no link can move anything. Each API
operation that takes a body is also sent an empty one: 422 before anything is
read or written, unless EMPTY_BODY says otherwise.

Whatever is declared, every request obeys the rules of `obeys_the_rules`: no
server error; a refusal writes no audit entry and adds or removes no row of
any table; the province viewer changes nothing; one commune's people never
write the other commune's data.
"""

import functools
import json
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from antq.accounts.models import Role
from antq.audit.models import AuditEntry
from conftest import make_user
from tests.world import MONTH

PERSONAS = ("anonymous", "officer_a", "officer_b", "viewer", "province_approver", "data_entry")
REFUSED = {
    401,
    403,
    404,
    405,
    409,
    422,
    428,
    429,
}  # a refused call writes nothing, so it audits nothing
SKIPPED_PREFIXES = ("admin/", "api/", "i18n/", "static/")  # Django's own; the API below

# the usual answers, in PERSONAS order
EVERYONE = (302, 200, 200, 200, 200, 200)
A_READ = (302, 200, 404, 200, 200, 200)
A_WRITE = (302, 200, 404, 403, 200, 200)
A_MOVE = (302, 302, 404, 403, 302, 302)  # a POST that redirects back with its outcome
A_APPROVAL = (302, 302, 404, 403, 302, 403)  # a data-entry clerk enters, never approves
PROVINCE_MOVE = (302, 403, 404, 403, 302, 403)  # commune reports are the province's to review
ADMINS_ONLY = (302, 403, 403, 403, 403, 403)
PROVINCE_READ = (302, 404, 404, 200, 200, 404)  # the province's own documents
PROVINCE_WRITE = (302, 404, 404, 403, 200, 404)
PROVINCE_MOVE_OWN = (302, 404, 404, 403, 302, 404)
NO_GET = (302, 405, 405, 405, 405, 405)  # a POST-only page: no link can move anything
# a page whose view takes no POST at all (anonymous visitors may be sent to sign in first)
NO_POST = {NO_GET, (405,) * 6}


def _entry_token() -> str:
    from antq.units.recipes import sign

    return sign([["entry", "edit", None]])


def _a(*objects):
    return lambda w: [o(w) for o in objects]


def _record_a(w):
    """Commune A's record of a decision of its chairman, with its scan (made
    again for the next persona once one has deleted it)."""
    from django.core.files.base import ContentFile

    from antq.awards import services
    from antq.awards.models import AwardRecord, AwardType

    kept = AwardRecord.objects.filter(unit=w.tree.commune_a, number="12/QĐ-UBND").first()
    if kept is not None:
        return kept.pk
    record = services.award_record_create(
        by=w.personas.officer_a,
        data=services.AwardRecordInput(
            unit=w.tree.commune_a,
            authority="Chủ tịch UBND phường Hạ Long",
            number="12/QĐ-UBND",
            date=date(2025, 12, 1),
            award_type=AwardType.objects.get(code="giay_khen_chu_tich_xa"),
            recipients=[services.RecipientInput("individual", w.tree.area_a, name="Lê Văn Tâm")],
        ),
        original=ContentFile(b"%PDF-1.4 scan", name="12-qd-ubnd.pdf"),
    )
    return record.pk


# url name: (method, path arguments from the world, query string, expected answers)
PAGES = {
    "home": ("get", _a(), "", EVERYONE),
    "healthz": ("get", _a(), "", (200,) * 6),
    "service-worker": ("get", _a(), "", (200,) * 6),
    "manifest": ("get", _a(), "", (200,) * 6),
    "offline": ("get", _a(), "", (200,) * 6),
    "job-detail": ("get", _a(lambda w: w.job_a.pk), "", (302, 200, 404, 404, 404, 404)),
    "job-retry": ("post", _a(lambda w: w.job_a.pk), "", (302, 302, 404, 404, 404, 404)),
    "units:unit-tree": ("get", _a(), "", EVERYONE),
    "units:unit-search": ("get", _a(), "?q=ha+long", EVERYONE),
    "units:unit-detail": ("get", _a(lambda w: w.tree.commune_a.pk), "", A_READ),
    "units:unit-children": ("get", _a(lambda w: w.tree.commune_a.pk), "", A_READ),
    "units:unit-create": ("get", _a(lambda w: w.tree.commune_a.pk), "", A_WRITE),
    "units:unit-edit": ("get", _a(lambda w: w.tree.area_a.pk), "", A_WRITE),
    "units:unit-close": ("get", _a(lambda w: w.tree.area_a.pk), "", A_WRITE),
    "units:unit-import": ("get", _a(lambda w: w.tree.commune_a.pk), "", A_WRITE),
    "units:unit-template": ("get", _a(lambda w: w.tree.commune_a.pk), "", A_READ),
    # a picker's search: the form's own set (signed), for whoever asks, within their scope
    "units:unit-pick": ("get", _a(), lambda w: f"?t={_entry_token()}&q=ha", EVERYONE),
    "accounts:login": ("get", _a(), "", (200, 200, 200, 200, 200, 200)),
    "accounts:logout": ("post", _a(), "", (302, 302, 302, 302, 302, 302)),
    "accounts:password-change": ("get", _a(), "", EVERYONE),
    "accounts:my-account": ("get", _a(), "", EVERYONE),
    "accounts:session-keepalive": ("post", _a(), "", (302, 204, 204, 204, 204, 204)),
    "accounts:two-factor-setup": ("get", _a(), "", EVERYONE),
    "accounts:two-factor-verify": ("get", _a(), "", EVERYONE),
    "accounts:token-list": ("get", _a(), "", EVERYONE),
    "accounts:token-revoke": (
        "post",
        _a(lambda w: w.token_a.pk),
        "",
        (302, 302, 404, 404, 404, 404),  # the owner (or an administrator of the owner)
    ),
    "accounts:user-list": ("get", _a(), "", ADMINS_ONLY),
    "accounts:user-create": ("get", _a(), "", ADMINS_ONLY),
    "accounts:user-detail": ("get", _a(lambda w: w.user_a.pk), "", (302, 403, 403, 403, 403, 403)),
    "accounts:user-toggle-active": (
        "post",
        _a(lambda w: w.user_a.pk),
        "",
        (302, 403, 403, 403, 403, 403),
    ),
    "accounts:assignment-delete": (
        "post",
        _a(lambda w: w.assignment_a.pk),
        "",
        (302, 403, 404, 403, 403, 403),
    ),
    "audit:auditentry-list": ("get", _a(), "", ADMINS_ONLY),
    "assessments:campaign-list": ("get", _a(), "", EVERYONE),
    "assessments:campaign-detail": ("get", _a(lambda w: w.campaign.pk), "", EVERYONE),
    "assessments:registration-list": (
        "get",
        _a(lambda w: w.campaign.pk, lambda w: w.tree.commune_a.pk),
        "",
        A_READ,
    ),
    "assessments:assessment-import": (
        "get",
        _a(lambda w: w.campaign.pk, lambda w: w.tree.commune_a.pk),
        "",
        A_WRITE,
    ),
    "assessments:assessment-template": (
        "get",
        _a(lambda w: w.campaign.pk, lambda w: w.tree.commune_a.pk),
        "",
        A_READ,
    ),
    "assessments:assessment-edit": (
        "get",
        _a(lambda w: w.campaign.pk, lambda w: w.tree.area_a.pk),
        "",
        A_READ,
    ),
    "assessments:assessment-conflict": (
        "post",
        _a(lambda w: w.campaign.pk, lambda w: w.tree.area_a.pk),
        "",
        A_READ,  # shows the typed form beside the changes, writes nothing
    ),
    "assessments:evidence-upload": (
        "post",
        _a(lambda w: w.assessment_a.pk),
        "",
        (302, 409, 404, 403, 409, 409),  # the dossier is submitted: no evidence added now
    ),
    "assessments:evidence-download": ("get", _a(lambda w: w.evidence_a.pk), "", A_READ),
    "assessments:review-list": ("get", _a(lambda w: w.campaign.pk), "", EVERYONE),
    "assessments:assessment-propose": (
        "post",
        _a(lambda w: w.assessment_a.pk),
        "",
        # officer A proposes it; then it is no longer submitted; the clerk never proposes
        (302, 302, 404, 403, 409, 403),
    ),
    "assessments:assessment-return": (
        "post",
        _a(lambda w: w.assessment_a.pk),
        "",
        A_APPROVAL,
    ),
    "assessments:assessment-reject": (
        "post",
        _a(lambda w: w.assessment_a.pk),
        "",
        A_APPROVAL,
    ),
    "assessments:assessment-scores": (
        "post",
        _a(lambda w: w.assessment_a.pk),
        "",
        A_APPROVAL,
    ),
    "assessments:decision-list": ("get", _a(lambda w: w.campaign.pk), "", EVERYONE),
    "assessments:decision-detail": ("get", _a(lambda w: w.decision_a.pk), "", A_READ),
    "assessments:results": ("get", _a(), "", EVERYONE),
    "assessments:results-export": ("get", _a(), "", EVERYONE),
    "assessments:criteria-list": ("get", _a(), "", EVERYONE),
    "assessments:criterion-edit": (
        "post",
        _a(lambda w: w.criterion.pk),  # a national criterion: system administrators only
        "",
        (302, 403, 403, 403, 403, 403),
    ),
    "indicators:home": ("get", _a(), "", EVERYONE),
    "indicators:approval-list": ("get", _a(), "", EVERYONE),
    # nothing ticked: back to the list; a viewer or a clerk approves nowhere
    "indicators:approve-many": ("post", _a(), "", (302, 302, 302, 403, 302, 403)),
    "indicators:submission-approve": (
        "post",
        _a(lambda w: w.submission_a.pk),
        "",
        PROVINCE_MOVE,
    ),
    "indicators:submission-return": (
        "post",
        _a(lambda w: w.submission_a.pk),
        "",
        PROVINCE_MOVE,
    ),
    "indicators:completeness": ("get", _a(), "", EVERYONE),
    "indicators:import": ("get", _a(), "", EVERYONE),
    "indicators:template": ("get", _a(lambda w: "BC-THANG-XA"), "", EVERYONE),
    "indicators:entry": (
        "get",
        _a(lambda w: "BC-THANG-XA", lambda w: w.tree.commune_a.pk, lambda w: MONTH),
        "",
        A_READ,
    ),
    "indicators:entry-conflict": (
        "post",
        _a(lambda w: "BC-THANG-XA", lambda w: w.tree.commune_a.pk, lambda w: MONTH),
        "",
        A_READ,  # shows both versions, writes nothing
    ),
    "indicators:entry-check": (
        "post",
        _a(lambda w: "BC-THANG-XA", lambda w: w.tree.commune_a.pk, lambda w: MONTH),
        "",
        A_READ,
    ),
    "activities:activity-list": ("get", _a(), "", EVERYONE),
    "activities:activity-calendar": ("get", _a(), "", EVERYONE),
    "activities:activity-summary": ("get", _a(), "", EVERYONE),
    "activities:activity-create": ("get", _a(), "", (302, 200, 200, 403, 200, 200)),
    "activities:activity-import": ("get", _a(), "", EVERYONE),
    "activities:activity-template": ("get", _a(), "", EVERYONE),
    "activities:festival": ("get", _a(), "", EVERYONE),
    # the province plans; a commune officer's POST is refused
    "activities:festival-plan": ("post", _a(), "", (302, 403, 403, 403, 302, 403)),
    "activities:festival-site": (
        "post",
        _a(lambda w: w.festival.pk),
        "",
        (302, 302, 302, 403, 302, 302),
    ),
    "activities:activity-detail": ("get", _a(lambda w: w.activity_a.pk), "", A_READ),
    "activities:activity-edit": ("get", _a(lambda w: w.activity_a.pk), "", A_WRITE),
    # deleted by the first who may: the others find nothing
    "activities:activity-delete": (
        "post",
        _a(lambda w: w.activity_a.pk),
        "",
        (302, 302, 404, 404, 404, 404),
    ),
    "activities:attachment-upload": ("post", _a(lambda w: w.activity_a.pk), "", A_MOVE),
    "activities:attachment-download": ("get", _a(lambda w: w.attachment_a.pk), "", A_READ),
    "forces:team-list": ("get", _a(), "", EVERYONE),
    "forces:team-check": ("get", _a(), lambda w: f"?unit={w.tree.commune_a.pk}", A_READ),
    "forces:team-create": ("get", _a(), "", EVERYONE),
    "forces:rating": ("get", _a(), lambda w: f"?unit={w.tree.commune_a.pk}", A_READ),
    "forces:medal-list": ("get", _a(), "", EVERYONE),
    "forces:members-export": ("get", _a(), "", EVERYONE),
    "forces:members-template": ("get", _a(), "", EVERYONE),
    "forces:members-import": ("get", _a(), "", EVERYONE),
    "forces:team-detail": ("get", _a(lambda w: w.team_a.pk), "", A_READ),
    "forces:team-edit": ("get", _a(lambda w: w.team_a.pk), "", A_WRITE),
    "forces:team-dissolve": ("post", _a(lambda w: w.team_a.pk), "", A_MOVE),
    "forces:member-add": ("get", _a(lambda w: w.team_a.pk), "", A_WRITE),
    "forces:member-detail": ("get", _a(lambda w: w.member_a.pk), "", A_READ),
    "forces:member-edit": ("get", _a(lambda w: w.member_a.pk), "", A_WRITE),
    "forces:training-add": ("post", _a(lambda w: w.member_a.pk), "", A_MOVE),
    "community:model-list": ("get", _a(), "", EVERYONE),
    "community:model-create": ("get", _a(), "", (302, 200, 200, 403, 200, 200)),
    "community:models-import": ("get", _a(), "", EVERYONE),
    "community:models-template": ("get", _a(), "", EVERYONE),
    "community:model-detail": ("get", _a(lambda w: w.model_a.pk), "", A_READ),
    "community:model-edit": ("get", _a(lambda w: w.model_a.pk), "", A_WRITE),
    "community:site-add": ("post", _a(lambda w: w.model_a.pk), "", A_MOVE),
    "community:model-recognise": ("post", _a(lambda w: w.model_a.pk), "", A_APPROVAL),
    "community:site-evaluate": (
        "post",
        _a(lambda w: w.model_a.sites.get().pk),
        "",
        A_MOVE,
    ),
    "community:example-list": ("get", _a(), "", EVERYONE),
    "community:example-create": ("get", _a(), "", (302, 200, 200, 403, 200, 200)),
    "community:example-edit": ("get", _a(lambda w: w.example_a.pk), "", A_WRITE),
    "plans:plan-list": ("get", _a(), "", EVERYONE),
    "plans:plan-create": ("get", _a(), "", (302, 200, 200, 403, 200, 200)),
    "plans:plan-detail": ("get", _a(lambda w: w.plan.pk), "", PROVINCE_READ),
    "plans:task-add": ("get", _a(lambda w: w.plan.pk), "", PROVINCE_WRITE),
    # the province's own plan needs no successor: said on the plan's page
    "plans:plan-take-over": ("post", _a(lambda w: w.plan.pk), "", (302, 404, 404, 302, 302, 404)),
    "plans:plan-document": ("post", _a(lambda w: w.plan.pk), "", PROVINCE_MOVE_OWN),
    # the world's plan was recorded with its number, not drafted on the register:
    # the province's approver is told it is issued (409), the viewer may not issue
    "plans:plan-issue": ("post", _a(lambda w: w.plan.pk), "", (302, 404, 404, 403, 409, 404)),
    # no signed document yet: the province gets the "not yet" 404 too
    "plans:plan-document-download": (
        "get",
        _a(lambda w: w.plan.pk),
        "",
        (302, 404, 404, 404, 404, 404),
    ),
    "plans:tasks-import": ("get", _a(lambda w: w.plan.pk), "", PROVINCE_WRITE),
    "plans:tasks-template": ("get", _a(lambda w: w.plan.pk), "", PROVINCE_READ),
    "plans:task-edit": ("get", _a(lambda w: w.plan.tasks.get().pk), "", PROVINCE_WRITE),
    # commune A leads the task: it sees and reports the occurrence
    "plans:progress": ("get", _a(lambda w: w.plan.tasks.get().occurrences.get().pk), "", A_READ),
    "plans:evidence-download": ("get", _a(lambda w: w.evidence.pk), "", A_READ),
    "plans:committee-list": ("get", _a(), "", EVERYONE),
    "plans:committee-detail": ("get", _a(lambda w: w.committee.pk), "", PROVINCE_READ),
    "plans:committee-member-add": ("post", _a(lambda w: w.committee.pk), "", PROVINCE_MOVE_OWN),
    "plans:committee-file": ("post", _a(lambda w: w.committee.pk), "", PROVINCE_MOVE_OWN),
    # no file yet: the province gets the "not yet" 404 too
    "plans:committee-file-download": (
        "get",
        _a(lambda w: w.committee.pk),
        "",
        (302, 404, 404, 404, 404, 404),
    ),
    "plans:committee-member-end": (
        "post",
        _a(lambda w: w.committee.members.get().pk),
        "",
        PROVINCE_MOVE_OWN,
    ),
    "awards:round-list": ("get", _a(), "", EVERYONE),
    "awards:record-list": ("get", _a(), "", EVERYONE),
    "awards:record-create": ("get", _a(), "", (302, 200, 200, 403, 200, 200)),
    "awards:records-import": ("get", _a(), "", (302, 200, 200, 403, 200, 200)),
    "awards:records-template": ("get", _a(), "", EVERYONE),
    "awards:record-detail": ("get", _a(_record_a), "", A_READ),
    "awards:record-original": ("post", _a(_record_a), "", A_MOVE),
    "awards:record-original-download": ("get", _a(_record_a), "", A_READ),
    # made again for each persona: deleted by whoever may edit commune A
    "awards:record-delete": ("post", _a(_record_a), "", (302, 302, 404, 403, 302, 302)),
    "awards:counts": ("get", _a(), "", EVERYONE),
    # the province's round: its communes see it to nominate
    "awards:round-detail": ("get", _a(lambda w: w.award_round.pk), "", EVERYONE),
    "awards:nominate": ("post", _a(lambda w: w.award_round.pk), "", (302, 200, 200, 403, 200, 200)),
    "awards:decision-create": (
        "post",
        _a(lambda w: w.award_round.pk),
        "",
        (302, 403, 403, 403, 302, 403),
    ),
    "awards:review": ("post", _a(lambda w: w.nomination_a.pk), "", (302, 403, 404, 403, 302, 403)),
    "awards:decision-detail": ("get", _a(lambda w: w.award_decision.pk), "", PROVINCE_READ),
    "reminders:list": ("get", _a(), "", EVERYONE),
    "reminders:open": (
        "post",
        _a(lambda w: w.notification_a.pk),
        "",
        (302, 302, 404, 404, 404, 404),
    ),
    "reminders:read-all": ("post", _a(), "", (302,) * 6),
    "reminders:preferences": ("get", _a(), "", EVERYONE),
    "movement:report-list": ("get", _a(), "", EVERYONE),
    "movement:report-detail": ("get", _a(lambda w: w.report_a.pk), "", A_READ),
    "movement:report-chart": ("get", _a(lambda w: w.report_a.pk, lambda w: "s4"), "", A_READ),
    "movement:report-download": (
        "get",
        _a(lambda w: w.report_a.pk, lambda w: "docx"),
        "",
        A_READ,
    ),
    "movement:report-differences": ("get", _a(lambda w: w.report_a.pk), "", A_READ),
    "public-province": ("get", _a(lambda w: w.tree.province.code), "", (200,) * 6),
    # Tỉnh Bến Tre's page, archived under today's Tỉnh Vĩnh Long: public
    "public-archive": ("get", _a(lambda w: "86", lambda w: "83"), "", (200,) * 6),
    # the outgoing register (antq.documents): commune A's recognition decision
    "documents:register": ("get", _a(), "", EVERYONE),
    "documents:verify": ("get", _a(), "", (200,) * 6),  # public
    "documents:document-detail": ("get", _a(lambda w: w.decision_a.document_id), "", A_READ),
    "documents:document-preview": (
        "get",
        _a(lambda w: w.decision_a.document_id, lambda w: "pdf"),
        "",
        A_READ,
    ),
    "documents:document-file": (
        "get",
        _a(lambda w: w.decision_a.document_id, lambda w: "pdf"),
        "",
        A_READ,
    ),
    "documents:document-edxml": ("get", _a(lambda w: w.decision_a.document_id), "", A_READ),
    "documents:file-download": (
        "get",
        _a(lambda w: w.decision_a.document.files.first().pk),
        "",
        A_READ,
    ),
    "awards:nominations-import": (
        "get",
        _a(lambda w: w.award_round.pk),
        "",
        (302, 200, 200, 403, 200, 200),
    ),
    "awards:nominations-template": ("get", _a(lambda w: w.award_round.pk), "", EVERYONE),
    # the council's document: only the awarding level makes it
    "awards:proposal-download": (
        "get",
        _a(lambda w: w.award_round.pk),
        "?award=giay_khen_chu_tich_xa",
        (302, 403, 403, 403, 200, 403),
    ),
    "reports:dashboard": ("get", _a(), "", EVERYONE),
    "maps:map": ("get", _a(), "", EVERYONE),
    "maps:location": ("get", _a(lambda w: "team", lambda w: w.team_a.pk), "", A_WRITE),
    # the point picker's communes around the person's own unit
    "maps:nearby": ("get", _a(), "", EVERYONE),
    "reports:waiting": ("get", _a(), "", EVERYONE),
    "reports:vega-bundle": ("get", _a(), "", (200, 200, 200, 200, 200, 200)),
}


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            name = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), name)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


def served_pages() -> dict[str, str]:
    return {
        name: route
        for name, route in _walk(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES)
    }


def test_every_page_url_has_declared_answers():
    """A new page fails here until its answers per persona are declared in PAGES."""
    served = served_pages()
    assert sorted(set(served) - set(PAGES)) == [], "declare these in tests/test_url_matrix.py"
    assert sorted(set(PAGES) - set(served)) == [], "these are declared but no longer served"


# An empty POST to a page read with GET changes nothing and answers as the GET
# did (a form shows its errors, a page shows itself), except on these pages,
# whose POST is a write of its own:
POSTED = {
    # puts the Tờ trình in the council's register: only the council may; an
    # empty POST names no award type (404)
    "awards:proposal-download": (302, 403, 403, 403, 404, 403),
    # registers the units ticked (none): back to the list, for anyone who sees it
    "assessments:registration-list": (302, 302, 404, 302, 302, 302),
    # moves the assessments ticked (none): back to the queue
    "assessments:review-list": (302, 302, 302, 302, 302, 302),
    # the approver's form on the decision page: others are refused; the
    # decision is issued already, so issuing it again is a wrong state
    "awards:decision-detail": (302, 404, 404, 403, 409, 404),
    # the page's form opens a round / a committee: a viewer is refused
    "awards:round-list": (302, 200, 200, 403, 200, 200),
    "plans:committee-list": (302, 200, 200, 403, 200, 200),
    # the lead unit reports progress: a viewer is refused
    "plans:progress": (302, 200, 404, 403, 200, 200),
    # saves the sheet as sent (an empty sheet changes nothing and audits nothing)
    "forces:rating": A_MOVE,
}
# A GET to a POST-only page is refused (NO_GET); signing out needs no sign-in.
GOT = {"accounts:logout": (405,) * 6}


@pytest.fixture
def people(world):
    """The world's personas and a data-entry clerk of commune A."""
    world.personas.data_entry = make_user("xa.a.nhaplieu", Role.DATA_ENTRY, world.tree.commune_a)
    return world.personas


# rows a refused request may still change: its session (a signed-in request
# may refresh it) and a wrong password's failure (the throttle counts them:
# that is the point); the audit log is checked entry by entry instead
UNCOUNTED = {"sessions.session", "accounts.loginfailure", "audit.auditentry"}


@functools.cache
def _counted_tables() -> tuple[str, ...]:
    return tuple(
        sorted(
            {
                model._meta.db_table
                for model in apps.get_models(include_auto_created=True)
                if model._meta.managed
                and not model._meta.proxy
                and model._meta.label_lower not in UNCOUNTED
            }
        )
    )


def row_counts() -> dict[str, int]:
    """The number of rows of every table antq keeps, in one query (a few
    milliseconds on the world's small tables), so each request of the matrix
    can be checked."""
    tables = _counted_tables()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


@dataclass(frozen=True)
class Before:
    """What the data was before a request: the last audit entry and every
    table's row count."""

    entry: int
    rows: dict[str, int]


def before() -> Before:
    entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return Before(entry, row_counts())


def obeys_the_rules(world, persona: str, request: str, status: int, since: Before) -> None:
    """What holds for every request, whatever its URL's declared answers."""
    entries = AuditEntry.objects.filter(pk__gt=since.entry).exclude(
        action=AuditEntry.Action.LOGIN_FAILED  # a wrong password is recorded: that is the point
    )
    written = [(e.action, e.unit_path) for e in entries]
    assert status < 500, f"{request} as {persona}: {status}"
    if status in REFUSED or persona == "anonymous":
        assert written == [], f"a refused {request} wrote, as {persona}: {written}"
        rows = row_counts()
        changed = {t: (n, rows[t]) for t, n in since.rows.items() if rows[t] != n}
        assert changed == {}, f"a refused {request} changed rows, as {persona}: {changed}"
    if persona == "viewer":  # reads only: what it may leave is its own sign-out and exports
        reads = {AuditEntry.Action.LOGOUT, AuditEntry.Action.EXPORT, AuditEntry.Action.READ}
        assert {action for action, _ in written} <= reads, f"{request}: {written}"
    neighbour = {  # one commune's people never write the other's data
        "officer_a": world.tree.commune_b,
        "data_entry": world.tree.commune_b,
        "officer_b": world.tree.commune_a,
    }.get(persona)
    if neighbour is not None:
        inside = [w for w in written if w[1].startswith(neighbour.path)]
        assert inside == [], f"{request} as {persona} wrote in {neighbour}: {inside}"


def answer(world, persona: str, method: str, url: str) -> int:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world.personas, persona))
    since = before()
    status = getattr(client, method)(url).status_code
    obeys_the_rules(world, persona, f"{method.upper()} {url}", status, since)
    return status


def _page_url(world, name: str) -> str:
    _method, arguments, query, _expected = PAGES[name]
    return reverse(name, args=arguments(world)) + (query(world) if callable(query) else query)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_answers_each_persona_as_declared(world, people, name):
    method, _arguments, _query, expected = PAGES[name]
    # the arguments are taken again for each persona (a row one deleted is made again)
    got = tuple(answer(world, persona, method, _page_url(world, name)) for persona in PERSONAS)
    assert got == expected, dict(zip(PERSONAS, got, strict=True))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_answers_the_other_method_as_declared(world, people, name):
    """GET pages take an empty POST (POSTED) or refuse POST outright (NO_POST);
    POST pages refuse a GET (GOT)."""
    method, _arguments, _query, expected = PAGES[name]
    if method == "get":
        other, expected = "post", POSTED.get(name, expected)
    else:
        other, expected = "get", GOT.get(name, NO_GET)
    url = _page_url(world, name)
    got = tuple(answer(world, persona, other, url) for persona in PERSONAS)
    if other == "post" and got in NO_POST and name not in POSTED:
        return  # the view takes no POST: there is nothing to declare
    assert got == expected, dict(zip(PERSONAS, got, strict=True))


def test_posted_declares_only_get_pages():
    assert {name for name in POSTED if PAGES[name][0] != "get"} == set()
    assert {name for name in GOT if PAGES[name][0] != "post"} == set()


# The API, from its OpenAPI schema: "METHOD path" → (path arguments from the
# world, query, JSON body, expected answers). Anonymous callers get 401.
A_API_READ = (401, 200, 404, 200, 200, 200)
A_API_WRITE = (401, 200, 404, 403, 200, 200)
# a one-time move of the approver's: whoever comes second gets 409; a clerk never approves
A_API_MOVE = (401, 200, 404, 403, 409, 403)
A_API_APPROVAL = (401, 200, 404, 403, 200, 403)


def _assessment_a(w):
    return {"pk": w.assessment_a.pk}


def _campaign(w):
    return {"pk": w.campaign.pk}


def _area_a(w):
    return {"code": w.tree.area_a.code}


def _plan(w):
    return {"pk": w.plan.pk}


def _model_a(w):
    return {"pk": w.model_a.pk}


def _team_a(w):
    return {"pk": w.team_a.pk}


def _activity_a(w):
    return {"pk": w.activity_a.pk}


def _fresh(obj):
    """`obj` as stored now (a body naming the version each persona reads)."""
    return type(obj)._base_manager.get(pk=obj.pk)


ACTIVITY = {
    "unit": "06688-001",
    "kind": "tuyen_truyen",
    "title": "Tuyên truyền phòng, chống ma túy",
    "date": "2026-10-05",
    "attendance": 60,
    "outputs": {"to_roi": 100},
}

API = {
    # the nation's map is a system administrator's; a commune's, its people's
    "GET /api/v1/maps/units": (lambda w: {}, "", None, (401, 403, 403, 403, 403, 403)),
    "GET /api/v1/maps/values": (
        lambda w: {},
        "?parent=06688&measure=recognition&period=2026",
        None,
        A_API_READ,
    ),
    "GET /api/v1/maps/measures": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "POST /api/v1/auth/token": (
        lambda w: {},
        "",
        {"username": "xa.a", "password": "sai"},
        (401, 401, 401, 401, 401, 429),
    ),
    "GET /api/v1/auth/tokens": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "DELETE /api/v1/auth/tokens/{pk}": (
        lambda w: {"pk": w.token_a.pk},
        "",
        None,
        (401, 200, 404, 404, 404, 404),
    ),
    "GET /api/v1/units": (lambda w: {}, "?parent=06688", None, A_API_READ),
    "POST /api/v1/units": (
        lambda w: {},
        "",
        {"parent": "06688", "name": "Khu phố Mới", "type": "residential_area", "kind": "khu_pho"},
        (401, 201, 404, 403, 422, 422),  # the second "Khu phố Mới" is a duplicate
    ),
    "GET /api/v1/units/{code}": (_area_a, "", None, A_API_READ),
    "GET /api/v1/users/roles": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "POST /api/v1/users": (
        lambda w: {},
        "",
        {"username": "moi", "password": "mat-khau-dai-2026", "role": "viewer", "unit": "06688"},
        (401, 403, 404, 403, 403, 403),  # only who manages users at the unit (not these personas)
    ),
    "GET /api/v1/configuration/{table}": (
        lambda w: {"table": "threat-categories"},
        "",
        None,
        (401, 200, 200, 200, 200, 200),
    ),
    "POST /api/v1/configuration/{table}": (
        lambda w: {"table": "activity-kinds"},
        "",
        {"code": "moi", "name": "Loại mới"},
        (401, 403, 403, 403, 403, 403),  # system administrators only
    ),
    "PATCH /api/v1/configuration/{table}/{code}": (
        lambda w: {"table": "activity-kinds", "code": "tuyen_truyen"},
        "",
        {"name": "Tuyên truyền (đổi tên)"},
        (401, 403, 403, 403, 403, 403),
    ),
    "PATCH /api/v1/units/{code}": (_area_a, "", {"households": 330}, A_API_WRITE),
    "POST /api/v1/units/{code}/close": (
        _area_a,
        "",
        lambda w: {
            "date": timezone.localdate().isoformat(),
            "reason": "sáp nhập",
        },  # not after today
        (401, 200, 404, 403, 422, 422),  # closed by the first who may: the next finds it closed
    ),
    "GET /api/v1/assessments/campaigns": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "POST /api/v1/assessments/campaigns": (
        lambda w: {},
        "",
        {"province": "22", "year": 2027},
        (401, 404, 404, 403, 201, 404),  # a commune officer does not see the province
    ),
    "POST /api/v1/assessments/campaigns/{pk}/registrations": (
        _campaign,
        "",
        {"unit": "06688-002"},
        (401, 422, 404, 403, 422, 422),  # the school registered already
    ),
    "GET /api/v1/assessments/campaigns/{pk}/assessments": (
        _campaign,
        "",
        None,
        (401, 200, 200, 200, 200, 200),
    ),
    "POST /api/v1/assessments/campaigns/{pk}/assessments": (
        _campaign,
        "",
        {"unit": "06688-002"},
        (401, 201, 404, 403, 201, 201),  # starting again answers the year's assessment
    ),
    "GET /api/v1/assessments/{pk}": (_assessment_a, "", None, A_API_READ),
    "PUT /api/v1/assessments/{pk}": (
        _assessment_a,
        "",
        lambda w: {"version": _fresh(w.assessment_a).version},
        (401, 409, 404, 403, 409, 409),
    ),
    "POST /api/v1/assessments/{pk}/submit": (
        _assessment_a,
        "",
        None,
        (401, 409, 404, 403, 409, 409),
    ),
    "POST /api/v1/assessments/{pk}/return": (
        _assessment_a,
        "",
        {"reason": "Bổ sung biên bản"},
        (401, 200, 404, 403, 409, 403),
    ),
    "POST /api/v1/assessments/{pk}/propose": (_assessment_a, "", None, A_API_MOVE),
    "POST /api/v1/assessments/{pk}/reject": (
        _assessment_a,
        "",
        {"reason": "Chưa đạt"},
        A_API_MOVE,
    ),
    "POST /api/v1/assessments/{pk}/scores": (
        _assessment_a,
        "",
        {"scores": {}},
        A_API_APPROVAL,
    ),
    "POST /api/v1/assessments/campaigns/{pk}/decisions": (
        _campaign,
        "",
        lambda w: {
            "issuer": "06688",
            "assessments": [w.assessment_a.pk],
            "number": 9,
            "date": "2026-12-20",
            "signer_name": "Nguyễn Văn Chủ",
        },
        (401, 422, 404, 403, 422, 403),
    ),
    "POST /api/v1/assessments/decisions/{pk}/issue": (
        lambda w: {"pk": w.decision_a.pk},
        "",
        None,
        (401, 409, 404, 403, 409, 403),  # already issued
    ),
    "POST /api/v1/assessments/decisions/{pk}/generate": (
        lambda w: {"pk": w.decision_a.pk},
        "",
        None,
        (401, 409, 404, 403, 409, 403),  # its files exist: a correction is a reissue
    ),
    "POST /api/v1/assessments/decisions/{pk}/reissue": (
        lambda w: {"pk": w.decision_a.pk},
        "",
        {"note": "Đính chính người ký", "signer_name": "Trần Thị Ký"},
        (401, 200, 404, 403, 200, 403),
    ),
    "GET /api/v1/assessments/results": (
        lambda w: {},
        "?unit=06688&year=2026",
        None,
        A_API_READ,
    ),
    "GET /api/v1/statistics/indicators": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "POST /api/v1/statistics/dataValueSets": (
        lambda w: {},
        "",
        {
            "dataValues": [
                {"dataElement": "TT_LUOT", "period": "202609", "orgUnit": "06688", "value": "7"}
            ]
        },
        (
            401,
            200,
            409,
            409,
            200,
            200,
        ),  # B and the viewer: a conflict naming the unit, nothing written
    ),
    "GET /api/v1/statistics/dataValueSets": (
        lambda w: {},
        f"?dataSet=BC-THANG-XA&orgUnit=06688&startPeriod={MONTH}&endPeriod={MONTH}",
        None,
        A_API_READ,
    ),
    "GET /api/v1/statistics/rollup": (
        lambda w: {},
        f"?indicator=TT_BUOI&period={MONTH}&unit=06688",
        None,
        A_API_READ,
    ),
    "POST /api/v1/statistics/submissions/{pk}/submit": (
        lambda w: {"pk": w.submission_a.pk},
        "",
        None,
        (401, 409, 404, 403, 409, 409),  # already submitted
    ),
    "POST /api/v1/statistics/submissions/{pk}/approve": (
        lambda w: {"pk": w.submission_a.pk},
        "",
        None,
        (401, 403, 404, 403, 200, 403),
    ),
    "POST /api/v1/statistics/submissions/{pk}/return": (
        lambda w: {"pk": w.submission_a.pk},
        "",
        {"reason": "Sai số"},
        (401, 403, 404, 403, 200, 403),
    ),
    "GET /api/v1/activities": (lambda w: {}, "?unit=06688", None, A_API_READ),
    "POST /api/v1/activities": (
        lambda w: {},
        "",
        ACTIVITY,
        (401, 201, 404, 403, 201, 201),  # commune B does not see the residential area
    ),
    "GET /api/v1/activities/summary": (lambda w: {}, "?unit=06688&year=2026", None, A_API_READ),
    "GET /api/v1/activities/kinds": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "GET /api/v1/activities/categories": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "GET /api/v1/activities/output-kinds": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    # the festival is seen by everyone working in the province
    "GET /api/v1/activities/festivals": (
        lambda w: {},
        "?province=22&year=2026",
        None,
        (401, 200, 200, 200, 200, 200),
    ),
    # a unit is a site once: after officer A chose the residential area, the
    # province's and the data entry officer's same choice is refused (422);
    # commune B does not see it, the viewer may not choose
    "POST /api/v1/activities/festivals/{pk}/sites": (
        lambda w: {"pk": w.festival.pk},
        "",
        {"unit": "06688-001", "planned_on": "2026-08-10"},
        (401, 201, 404, 403, 422, 422),
    ),
    "GET /api/v1/activities/{pk}": (_activity_a, "", None, A_API_READ),
    "PUT /api/v1/activities/{pk}": (
        _activity_a,
        "",
        lambda w: ACTIVITY | {"version": _fresh(w.activity_a).version},
        A_API_WRITE,
    ),
    "DELETE /api/v1/activities/{pk}": (
        _activity_a,
        "",
        None,
        (401, 204, 404, 404, 404, 404),  # gone after the first who may
    ),
    "GET /api/v1/teams": (lambda w: {}, "?unit=06688", None, A_API_READ),
    "POST /api/v1/teams": (
        lambda w: {},
        "",
        {"unit": "06688-002", "established_on": "2025-07-01"},
        (401, 422, 404, 403, 422, 422),  # a school is no residential area
    ),
    "GET /api/v1/teams/{pk}": (_team_a, "", None, A_API_READ),
    "GET /api/v1/teams/{pk}/members": (_team_a, "", None, A_API_READ),
    "POST /api/v1/teams/{pk}/members": (
        _team_a,
        "",
        {
            "full_name": "Phạm Thị Lan",
            "birth_year": 1985,
            "gender": "female",
            "role": "to_pho",
            "appointed_on": "2025-08-01",
        },
        (401, 201, 404, 403, 201, 201),
    ),
    "GET /api/v1/models": (lambda w: {}, "?unit=06688", None, A_API_READ),
    "POST /api/v1/models": (
        lambda w: {},
        "",
        {
            "name": "Tổ liên gia tự quản",
            "category": "lien_gia",
            "lead_organisation": "mat_tran",
            "unit": "06688",
            "started_on": "2025-09-01",
        },
        (401, 201, 404, 403, 201, 201),
    ),
    "GET /api/v1/models/{pk}": (_model_a, "", None, A_API_READ),
    "GET /api/v1/models/{pk}/sites": (_model_a, "", None, A_API_READ),
    "POST /api/v1/models/{pk}/sites": (
        _model_a,
        "",
        {"unit": "06688-002", "started_on": "2026-02-01"},
        (401, 201, 404, 403, 422, 422),  # the second finds the model running there
    ),
    "GET /api/v1/examples": (lambda w: {}, "?unit=06688", None, A_API_READ),
    "POST /api/v1/examples": (
        lambda w: {},
        "",
        {"kind": "collective", "unit": "06688-001", "year": 2026, "achievement": "Tốt"},
        (401, 201, 404, 403, 201, 201),
    ),
    "GET /api/v1/plans": (lambda w: {}, "?unit=22", None, (401, 404, 404, 200, 200, 404)),
    "POST /api/v1/plans": (
        lambda w: {},
        "",
        {
            "unit": "06688",
            "number": "5",
            "symbol": "KH-UBND",
            "date": "2026-01-05",
            "title": "Kế hoạch năm 2026",
            "first_year": 2026,
            "last_year": 2026,
        },
        (401, 201, 404, 403, 422, 422),  # the province's officer finds number 5 used
    ),
    "GET /api/v1/plans/{pk}": (_plan, "", None, (401, 404, 404, 200, 200, 404)),
    "GET /api/v1/plans/{pk}/tasks": (_plan, "", None, (401, 404, 404, 200, 200, 404)),
    "POST /api/v1/plans/{pk}/tasks": (
        _plan,
        "",
        {"number": 2, "text": "Tổng kết", "lead": "22", "deadline": "2026-12-31"},
        (401, 404, 404, 403, 201, 404),
    ),
    "POST /api/v1/plans/tasks/{pk}/progress": (
        lambda w: {"pk": w.plan.tasks.get(number=1).pk},
        "",
        {"due": "2026-08-19", "status": "in_progress", "percent": 50},
        (401, 200, 404, 403, 200, 200),  # commune A leads it; the province issued the plan
    ),
    "GET /api/v1/committees": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "POST /api/v1/committees": (
        lambda w: {},
        "",
        {
            "unit": "06688",
            "name": "Ban Chỉ đạo phường",
            "decision_number": "5/QĐ-UBND",
            "decision_date": "2025-09-01",
        },
        (401, 201, 404, 403, 201, 201),
    ),
    "GET /api/v1/committees/{pk}": (
        lambda w: {"pk": w.committee.pk},
        "",
        None,
        (401, 404, 404, 200, 200, 404),
    ),
    "POST /api/v1/committees/{pk}/members": (
        lambda w: {"pk": w.committee.pk},
        "",
        {
            "full_name": "Lê Văn Phụ",
            "position": "Giám đốc Công an tỉnh",
            "role": "pho_thuong_truc",
            "started_on": "2025-08-01",
        },
        (401, 404, 404, 403, 201, 404),
    ),
    "GET /api/v1/awards/types": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "GET /api/v1/awards/rounds": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "POST /api/v1/awards/rounds": (
        lambda w: {},
        "",
        {
            "unit": "06688",
            "year": 2026,
            "kind": "festival",
            "name": "Ngày hội 2026",
            "deadline": "2026-08-30",
        },
        (401, 201, 404, 403, 201, 201),
    ),
    "GET /api/v1/awards/rounds/{pk}/nominations": (
        lambda w: {"pk": w.award_round.pk},
        "",
        None,
        (401, 200, 200, 200, 200, 200),
    ),
    "POST /api/v1/awards/rounds/{pk}/nominations": (
        lambda w: {"pk": w.award_round.pk},
        "",
        {
            "award_type": "giay_khen_chu_tich_xa",
            "recipient_kind": "individual",
            "unit": "06688-001",
            "person_name": "Phạm Thị Lan",
            "achievement": "Tốt",
        },
        # the same person nominated again for the same award in the round: refused (422)
        (401, 201, 404, 403, 422, 422),
    ),
    "POST /api/v1/awards/nominations/{pk}/accept": (
        lambda w: {"pk": w.nomination_a.pk},
        "",
        None,
        (401, 403, 404, 403, 200, 403),  # the council is the round's level
    ),
    "POST /api/v1/awards/nominations/{pk}/reject": (
        lambda w: {"pk": w.nomination_a.pk},
        "",
        {"reason": "Chưa đủ thành tích"},
        (401, 403, 404, 403, 200, 403),
    ),
    "POST /api/v1/awards/rounds/{pk}/close": (
        lambda w: {"pk": w.award_round.pk},
        "",
        None,
        (401, 403, 403, 403, 200, 403),
    ),
    "GET /api/v1/awards/decisions": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "POST /api/v1/awards/decisions": (
        lambda w: {},
        "",
        lambda w: {
            "round": w.award_round.pk,
            "award_type": "giay_khen_chu_tich_xa",
            "number": 300,
            "date": "2026-11-21",
            "signer_name": "Nguyễn Văn Chủ",
        },
        (401, 404, 404, 403, 422, 404),  # number 300 is taken this year
    ),
    "POST /api/v1/awards/decisions/{pk}/issue": (
        lambda w: {"pk": w.award_decision.pk},
        "",
        None,
        (401, 404, 404, 403, 409, 404),  # issued already: a wrong state
    ),
    "POST /api/v1/awards/decisions/{pk}/reissue": (
        lambda w: {"pk": w.award_decision.pk},
        "",
        {"note": "Sửa tên người được khen"},
        (401, 404, 404, 403, 200, 404),
    ),
    "GET /api/v1/awards/decisions/{pk}/docx": (
        lambda w: {"pk": w.award_decision.pk},
        "",
        None,
        (401, 404, 404, 200, 200, 404),  # the province's document
    ),
    # the outgoing register: every module's documents through one set of paths
    "GET /api/v1/documents": (lambda w: {}, "?year=2026", None, (401, 200, 200, 200, 200, 200)),
    "GET /api/v1/documents/{pk}": (
        lambda w: {"pk": w.decision_a.document_id},
        "",
        None,
        A_API_READ,
    ),
    "GET /api/v1/documents/{pk}/docx": (
        lambda w: {"pk": w.decision_a.document_id},
        "",
        None,
        A_API_READ,
    ),
    "GET /api/v1/documents/{pk}/pdf": (
        lambda w: {"pk": w.decision_a.document_id},
        "",
        None,
        A_API_READ,
    ),
    # public, like the page: a PDF must be sent (multipart)
    "POST /api/v1/documents/verify": (lambda w: {}, "", None, (422,) * 6),
    "GET /api/v1/reports": (lambda w: {}, "", None, (401, 200, 200, 200, 200, 200)),
    "POST /api/v1/reports": (
        lambda w: {},
        "",
        {"unit": "06688", "period": "2026S1"},
        (401, 201, 404, 403, 422, 422),  # a viewer never drafts; the approver finds A's draft
    ),
    "GET /api/v1/reports/{pk}": (lambda w: {"pk": w.report_a.pk}, "", None, A_API_READ),
    "PATCH /api/v1/reports/{pk}": (
        lambda w: {"pk": w.report_province.pk},
        "",
        {"narrative": {"s4": "Tuyên truyền qua loa."}},
        (401, 404, 404, 403, 200, 404),
    ),
    "POST /api/v1/reports/{pk}/refresh": (
        lambda w: {"pk": w.report_province.pk},
        "",
        None,
        (401, 404, 404, 403, 200, 404),
    ),
    "POST /api/v1/reports/{pk}/quote": (
        lambda w: {"pk": w.report_province.pk},
        "",
        lambda w: {"source": w.report_a.pk, "key": "s4"},
        (401, 404, 404, 403, 200, 404),
    ),
    "POST /api/v1/reports/{pk}/issue": (
        lambda w: {"pk": w.report_a.pk},
        "",
        {
            "number": 41,
            "date": "2026-11-23",
            "signer_name": "Nguyễn Văn Chủ",
            "signer_title": "Chủ tịch",
        },
        (401, 409, 404, 403, 409, 403),  # commune A's report is issued already
    ),
    "GET /api/v1/reports/{pk}/docx": (lambda w: {"pk": w.report_a.pk}, "", None, A_API_READ),
    "GET /api/v1/reports/{pk}/pdf": (lambda w: {"pk": w.report_a.pk}, "", None, A_API_READ),
    "GET /api/v1/awards/counts": (lambda w: {}, "?year=2026", None, (401, 200, 200, 200, 200, 200)),
    "GET /api/v1/awards/records": (
        lambda w: {},
        "?year=2025",
        None,
        (401, 200, 200, 200, 200, 200),
    ),
    "POST /api/v1/awards/records": (
        lambda w: {},
        "",
        {
            "unit": "06688",
            "authority": "Chủ tịch UBND phường Hạ Long",
            "number": "13/QĐ-UBND",
            "date": "2025-12-01",
            "award_type": "giay_khen_chu_tich_xa",
            "recipients": [
                {"recipient_kind": "individual", "unit": "06688-001", "name": "Lê Văn Tâm"}
            ],
        },
        (401, 201, 404, 403, 422, 422),  # recorded already by the first who may
    ),
    "GET /api/v1/awards/records/{pk}": (lambda w: {"pk": _record_a(w)}, "", None, A_API_READ),
    "DELETE /api/v1/awards/records/{pk}": (
        lambda w: {"pk": _record_a(w)},
        "",
        None,
        (401, 204, 404, 403, 204, 204),  # made again for each persona
    ),
    "POST /api/v1/plans/{pk}/issue": (
        _plan,
        "",
        {"date": "2026-11-20", "signer_name": "Nguyễn Văn Chủ"},
        (401, 404, 404, 403, 409, 404),  # the world's plan was recorded with its number
    ),
    "POST /api/v1/plans/{pk}/take-over": (
        _plan,
        "",
        {"unit": "22", "on": "2025-07-01"},
        (401, 404, 404, 403, 422, 404),  # Quảng Ninh is open: its plan needs no successor
    ),
    "GET /api/v1/statistics/submissions": (
        lambda w: {},
        f"?form=BC-THANG-XA&period={MONTH}",
        None,
        (401, 200, 200, 200, 200, 200),
    ),
}


def api_operations() -> set[str]:
    from antq.api.api import api

    paths = api.get_openapi_schema()["paths"]
    return {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}


def test_every_api_operation_has_declared_answers():
    """A new endpoint fails here until its answers per persona are declared in API."""
    operations = api_operations()
    assert sorted(operations - set(API)) == [], "declare these in tests/test_url_matrix.py"
    assert sorted(set(API) - operations) == [], "these are declared but no longer served"


def api_call(world, persona: str, operation: str, body) -> int:
    method, path = operation.split(" ", 1)
    arguments, query, _body, _expected = API[operation]
    url = path.format(**arguments(world)) + query
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world.personas, persona))
    data = json.dumps(body(world) if callable(body) else body) if body is not None else None
    since = before()
    response = getattr(client, method.lower())(url, data, content_type="application/json")
    document = response.status_code == 200 and path.endswith(("/docx", "/pdf"))
    assert document or response["Content-Type"].startswith("application/json"), (
        persona,
        response,
    )
    obeys_the_rules(world, persona, operation, response.status_code, since)
    return response.status_code


@pytest.mark.parametrize("operation", sorted(API))
def test_each_api_operation_answers_each_persona_as_declared(world, people, operation):
    body, expected = API[operation][2], API[operation][3]
    got = tuple(api_call(world, persona, operation, body) for persona in PERSONAS)
    assert got == expected, dict(zip(PERSONAS, got, strict=True))


# An empty body is refused with 422 before anything is read or written, except:
EMPTY_BODY = {
    "POST /api/v1/auth/token": (422,) * 6,  # no sign-in needed to be told what is missing
    "PATCH /api/v1/units/{code}": A_API_WRITE,  # every field is optional: nothing changes
    # no version: 428 before anything is read for writing (the viewer too)
    "PUT /api/v1/assessments/{pk}": (401, 428, 404, 428, 428, 428),
    # configuration is a system administrator's: refused before the body is read
    "POST /api/v1/configuration/{table}": (401,) + (403,) * 5,
    "PATCH /api/v1/configuration/{table}/{code}": (401,) + (403,) * 5,
    "POST /api/v1/documents/verify": (422,) * 6,  # public: told the PDF is missing
}


def operations_with_a_body() -> list[str]:
    from antq.api.api import api

    paths = api.get_openapi_schema()["paths"]
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method, operation in operations.items()
        if "requestBody" in operation
    )


@pytest.mark.parametrize("operation", operations_with_a_body())
def test_each_api_write_answers_an_empty_body_as_declared(world, people, operation):
    expected = EMPTY_BODY.get(operation, (401,) + (422,) * 5)
    got = tuple(api_call(world, persona, operation, {}) for persona in PERSONAS)
    assert got == expected, dict(zip(PERSONAS, got, strict=True))


# DHIS2's paths beside the API (antq.api.dhis2): not in the OpenAPI schema,
# walked from the resolver. URL name → (method, path, content type, body,
# expected answers). Anonymous callers get 401 (DHIS2's WWW-Authenticate).
# a month whose report is open (the world's MONTH is submitted)
DHIS2_MONTH_SET = (
    "dataelement,period,orgunit,catoptcombo,attroptcombo,value\nTT_LUOT,202609,06688,,,7\n"
)
DHIS2 = {
    "dhis2:data-value-sets": [
        ("get", lambda w: f"/api/dataValueSets.json?dataSet=BC-THANG-XA&period={MONTH}"
         f"&orgUnit={w.tree.commune_a.uid}", None, None, (401, 200, 404, 200, 200, 200)),
        # B and the viewer: a conflict naming the unit, nothing written
        ("post", lambda w: "/api/dataValueSets?idScheme=CODE", "application/csv",
         DHIS2_MONTH_SET, (401, 200, 409, 409, 200, 200)),
    ],
    "dhis2:system-info": [("get", lambda w: "/api/system/info", None, None, (401,) + (200,) * 5)],
    "dhis2:task": [
        ("get", lambda w: "/api/system/tasks/DATAVALUE_IMPORT/999999", None, None,
         (401,) + (404,) * 5),
    ],
    "dhis2:task-summary": [
        ("get", lambda w: "/api/system/taskSummaries/DATAVALUE_IMPORT/999999", None, None,
         (401,) + (404,) * 5),
    ],
    "dhis2:metadata-list": [
        ("get", lambda w: "/api/organisationUnits.json?fields=id", None, None,
         (401,) + (200,) * 5),
        ("get", lambda w: "/api/dataSets", None, None, (401,) + (200,) * 5),
    ],
    "dhis2:metadata-detail": [
        ("get", lambda w: f"/api/organisationUnits/{w.tree.area_a.uid}", None, None,
         (401, 200, 404, 200, 200, 200)),
    ],
}  # fmt: skip


def test_every_dhis2_url_has_declared_answers():
    served = {
        name
        for name, route in _walk(get_resolver().url_patterns)
        if route.startswith("api/") and not route.startswith("api/v1/")
    }
    assert sorted(served - set(DHIS2)) == [], "declare these in DHIS2 (tests/test_url_matrix.py)"
    assert sorted(set(DHIS2) - served) == [], "these are declared but no longer served"


@pytest.mark.parametrize(
    "name, case", [(name, n) for name, cases in sorted(DHIS2.items()) for n in range(len(cases))]
)
def test_each_dhis2_url_answers_each_persona_as_declared(world, people, name, case):
    method, url, content_type, body, expected = DHIS2[name][case]
    got = []
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(getattr(world.personas, persona))
        since = before()
        if method == "post":
            response = client.post(url(world), body, content_type=content_type)
        else:
            response = client.get(url(world))
        obeys_the_rules(world, persona, name, response.status_code, since)
        got.append(response.status_code)
    assert tuple(got) == expected, dict(zip(PERSONAS, got, strict=True))
