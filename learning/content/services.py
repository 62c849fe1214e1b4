"""Rules of the content that the learner's services share."""

from django.core.exceptions import ValidationError

from codezest.db.models import SoftDeleteModel


def content_check_available(*, content: SoftDeleteModel, field: str) -> None:
    """Learners act only on content that is still published (not soft-deleted)."""
    if content.is_deleted:
        raise ValidationError({field: f"This {content._meta.verbose_name} is no longer available."})
