"""The languages the grader knows (settings.GRADER_LANGUAGES) and the checks on what it is asked to grade."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from learning.validators import validate_test_cases


@dataclass(frozen=True)
class Language:
    name: str
    source_file: str
    compile: tuple[str, ...] | None
    run: tuple[str, ...]
    judge0_id: int
    extra_address_space_mb: int
    out_of_memory: tuple[str, ...]
    sandbox_paths: tuple[str, ...]  # shown read-only besides GRADER_SANDBOX_PATHS

    def run_command(self, *, memory_mb: int) -> list[str]:
        return [part.format(memory_mb=memory_mb) for part in self.run]

    def ran_out_of_memory(self, stderr: str) -> bool:
        return any(marker in stderr for marker in self.out_of_memory)


def _language_from_setting(name: str, recipe: dict) -> Language:
    try:
        return Language(
            name=name,
            source_file=recipe["source_file"],
            compile=tuple(recipe["compile"]) if recipe.get("compile") else None,
            run=tuple(recipe["run"]),
            judge0_id=int(recipe["judge0_id"]),
            extra_address_space_mb=int(recipe.get("extra_address_space_mb", 0)),
            out_of_memory=tuple(recipe.get("out_of_memory", ())),
            sandbox_paths=tuple(recipe.get("sandbox_paths", ())),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"GRADER_LANGUAGES[{name!r}] is incomplete: {error!r}") from error


def validated_submission(*, language: str, code: str, test_cases: list[dict]) -> Language:
    """The language to grade ``code`` in; a ValidationError names the field that is wrong."""
    recipes = settings.GRADER_LANGUAGES
    if language not in recipes:
        known = ", ".join(sorted(recipes))
        raise ValidationError({"language": f'The grader does not know "{language}"; it knows {known}.'})
    size = len(code.encode())
    if size > settings.GRADER_MAX_CODE_BYTES:
        raise ValidationError({"code": f"The code is {size} bytes; the limit is {settings.GRADER_MAX_CODE_BYTES}."})
    try:
        validate_test_cases(test_cases)
    except ValidationError as error:
        raise ValidationError({"test_cases": error.messages}) from error
    return _language_from_setting(language, recipes[language])
