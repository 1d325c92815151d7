"""Jobs started from the web (or the CLI) that take longer than a request should.

A Job is what a person sees: what runs, for whom, how far it got, its result.
It runs as a task on the django-tasks queue (core.jobs); its input file, when
it has one, is kept in the media folder so a worker on any machine reads it
and a failed job can be retried."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from antq.core.actors import actor_of


def job_payload_path(instance: "Job", filename: str) -> str:
    return f"jobs/{instance.created_at:%Y/%m}/{instance.pk}-{filename}"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # dotted path of the function that does the work: runner(job, progress) -> dict
    runner = models.CharField(max_length=200, blank=True)
    params = models.JSONField(default=dict, blank=True)
    payload = models.FileField(upload_to=job_payload_path, max_length=255, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=255, blank=True)  # host:pid of the worker
    source = models.CharField(max_length=10, blank=True)  # audit source of the request
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    retry_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries"
    )
    # None: started from the command line (`antq restate`), seen by no page
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="core_job_status_beat")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def actor(self):
        """Who the job acts as: the person who started it, or the system for a
        job queued by no one (the command line, a schedule)."""
        return actor_of(self.created_by)

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class ClientSubmission(models.Model):
    """A form sent with a client key (a draft kept on a phone and sent when
    the connection came back, or a page form's one-time key): the key is
    remembered with the write, so the same form sent twice is applied once,
    and `result` (where the first send led) answers the second."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    path = models.CharField(max_length=255)
    result = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_client_key_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"


class IdempotencyKey(models.Model):
    """An API POST sent with an `Idempotency-Key` header (core.idempotency):
    the key is claimed in the write's transaction and keeps the answer, so
    the same request sent again (a retry after a lost connection) is answered
    from here and writes nothing. `fingerprint` is a digest of the method,
    path and body: the same key with another request is refused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=255)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key} → {self.status}"


class Generation(models.Model):
    """The current generation of something every process caches (the
    statistics catalogue): a new random token on every change, so a process
    knows its copy is stale from one small read (`core.generations`)."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}@{self.token}"


class CallCount(models.Model):
    """Calls counted per key and window (API rate limits) when the shared
    store is antq's database: one `INSERT … ON CONFLICT DO UPDATE … RETURNING`
    a call (`core.cache.count_call`), where Django's database cache took a
    dozen statements (read, cull check, savepoints, write)."""

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
