"""Rules of the content that the learner's services share."""

from django.core.exceptions import ValidationError

from codezest.db.models import SoftDeleteModel


def _lineage(content: SoftDeleteModel) -> list[SoftDeleteModel]:
    """The content, its module and its language, as far as it has them."""
    module = getattr(content, "module", None)
    language = getattr(module or content, "language", None)
    return [item for item in (content, module, language) if item is not None]


def content_check_available(*, content: SoftDeleteModel, field: str) -> None:
    """Learners act only on content that is still published: neither it nor its module or language deleted."""
    if any(item.is_deleted for item in _lineage(content)):
        raise ValidationError({field: f"This {content._meta.verbose_name} is no longer available."})
