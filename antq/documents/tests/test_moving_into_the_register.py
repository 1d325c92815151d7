"""The data migrations that moved the modules' old decisions (and each of their
`DecisionDocument` file versions) into the register keep every row and file.

Run as a real upgrade: migrate back to before the move, write decisions and
files with the historical models, migrate forward, count. Then the database
is migrated to the latest state again for the tests that follow."""

import hashlib
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessments", "0004_decision_document"), ("awards", "0006_decision_document")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def _file(name: str) -> str:
    return default_storage.save(name, ContentFile(f"tệp {name}".encode()))


def _old_rows(apps) -> dict:
    """Two recognition decisions (one issued with two versions of files, one a
    draft without files) and two award decisions (the second issued before
    version rows existed: its files only on the decision), as the old tables
    held them. Returns the files written, by decision."""
    Unit = apps.get_model("units", "Unit")
    province = Unit.objects.create(
        code="22", name="Tỉnh Quảng Ninh", name_folded="tinh quang ninh", type="province",
        kind="province", path="22.", uid="QNprov00001",
    )  # fmt: skip
    commune = Unit.objects.create(
        code="06688", name="Phường Hạ Long", name_folded="phuong ha long", type="commune",
        kind="ward", path="22.06688.", parent=province, uid="QNward06688",
    )  # fmt: skip
    Campaign = apps.get_model("assessments", "Campaign")
    campaign = Campaign.objects.create(
        year=2019, province=province,
        area_period_start=date(2018, 10, 15), area_period_end=date(2019, 10, 14),
        other_period_start=date(2018, 12, 15), other_period_end=date(2019, 12, 14),
        area_deadline=date(2019, 11, 15), other_deadline=date(2019, 12, 31),
    )  # fmt: skip
    Recognition = apps.get_model("assessments", "RecognitionDecision")
    Versions = apps.get_model("assessments", "DecisionDocument")
    files: dict[str, list[str]] = {}
    issued = Recognition.objects.create(
        campaign=campaign, issuer=province, number=12, date=date(2019, 12, 20),
        place="Quảng Ninh", signer_name="Nguyễn Văn Đọc", status="issued",
    )  # fmt: skip
    names = []
    for version in (1, 2):
        for kind in ("decision_docx", "decision_pdf", "certificates_docx"):
            name = _file(f"decisions/old-{version}-{kind}.bin")
            Versions.objects.create(decision=issued, version=version, kind=kind, file=name)
            names.append(name)
    files["recognition"] = names
    Recognition.objects.create(
        campaign=campaign, issuer=commune, number=3, date=date(2019, 12, 21),
        place="Hạ Long", signer_name="Trần Thị Nháp", status="draft",
    )  # fmt: skip
    AwardType = apps.get_model("awards", "AwardType")
    award, _ = AwardType.objects.get_or_create(
        code="giay_khen_giam_doc_ca", defaults={"name": "Giấy khen", "level": "province"}
    )
    Round = apps.get_model("awards", "Round")
    round = Round.objects.create(unit=province, year=2019, kind="year_end",
                                 name="Tổng kết 2019", deadline=date(2019, 12, 10))  # fmt: skip
    Decision = apps.get_model("awards", "Decision")
    AwardVersions = apps.get_model("awards", "DecisionDocument")
    versioned = Decision.objects.create(round=round, award_type=award, number=40,
                                        date=date(2019, 12, 22), signer_name="Nguyễn Văn Đọc",
                                        status="issued", document_version=1)  # fmt: skip
    names = []
    for kind in ("docx", "pdf", "certificates"):
        name = _file(f"awards/v1-{kind}.bin")
        AwardVersions.objects.create(decision=versioned, version=1, kind=kind, file=name)
        names.append(name)
    files["award"] = names
    unversioned = Decision.objects.create(round=round, award_type=award, number=41,
                                          date=date(2019, 12, 23), signer_name="Nguyễn Văn Đọc",
                                          status="issued")  # fmt: skip
    unversioned.docx = _file("awards/plain.docx")
    unversioned.pdf = _file("awards/plain.pdf")
    unversioned.save()
    files["award_plain"] = [unversioned.docx.name, unversioned.pdf.name]
    return files


@pytest.mark.django_db(transaction=True)
def test_every_old_decision_and_every_file_version_is_in_the_register(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    try:
        _migrate(BEFORE)
        executor = MigrationExecutor(connection)  # the models as the database now has them
        files = _old_rows(executor._create_project_state(with_applied_migrations=True).apps)
        _migrate()

        from antq.assessments.models import RecognitionDecision
        from antq.awards.models import Decision
        from antq.documents.models import Document, DocumentFile

        assert RecognitionDecision.objects.count() == 2
        assert Decision.objects.count() == 2
        assert Document.objects.count() == 4  # one per decision, none lost
        moved = {d.source_kind: d for d in Document.objects.filter(number=12)}
        issued = moved["assessments.recognition"]
        assert (issued.date, issued.status, issued.body.unit.code) == (date(2019, 12, 20),
                                                                       "issued", "22")  # fmt: skip
        assert issued.signer_name == "Nguyễn Văn Đọc"
        # six version files: the latest three as the document's, the first three kept as "earlier"
        kinds = sorted(issued.files.values_list("kind", flat=True))
        assert kinds == ["certificates", "docx", "earlier", "earlier", "earlier", "pdf"]
        draft = Document.objects.get(source_kind="assessments.recognition", number=3)
        assert draft.status == "draft" and not draft.files.exists()
        award = Document.objects.get(source_kind="awards.decision", number=40)
        assert sorted(award.files.values_list("kind", flat=True)) == ["certificates", "docx", "pdf"]
        plain = Document.objects.get(source_kind="awards.decision", number=41)
        assert sorted(plain.files.values_list("kind", flat=True)) == ["docx", "pdf"]
        # every file is the same file (not a copy), with its SHA-256 and size
        every = [name for names in files.values() for name in names]
        stored = {f.file.name: f for f in DocumentFile.objects.all()}
        assert sorted(stored) == sorted(every)
        for name in every:
            data = default_storage.open(name).read()
            assert stored[name].sha256 == hashlib.sha256(data).hexdigest()
            assert stored[name].size == len(data)
        assert issued.pdf_sha256 == stored[files["recognition"][4]].sha256  # version 2's PDF
        # each decision links its document
        assert {d.document_id for d in RecognitionDecision.objects.all()} == set(
            Document.objects.filter(source_kind="assessments.recognition").values_list(
                "pk", flat=True
            )
        )
        assert {d.document_id for d in Decision.objects.all()} == {award.pk, plain.pk}
    finally:
        _migrate()
