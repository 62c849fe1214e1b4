"""An analyzer that asks a large language model over an OpenAI-compatible chat-completions API.

Used only when ``LLM_API_BASE_URL`` and ``LLM_API_KEY`` are set. Any failure (timeout, rate limit,
server error, an answer that is not the JSON asked for) makes it step aside for the next analyzer.
"""

import json

import httpx2
import openai
from django.conf import settings

from learning.validators import CODE_QUALITY_KEYS

from .base import AnalyzerUnavailable, AssignmentReport

SYSTEM_PROMPT = (
    "You review a student's solution to a programming assignment. Answer with one JSON object only: "
    '{"overall_score": integer 0-100, "code_quality": {"readability": 0-10, "efficiency": 0-10, '
    '"best_practices": 0-10}, "strengths": [strings], "weaknesses": [strings], "suggestions": [strings], '
    '"detailed_feedback": string}.'
)


def http_transport() -> httpx2.BaseTransport:
    """The HTTP transport under the OpenAI client (tests put a fake one here)."""
    return httpx2.HTTPTransport()


def _prompt(*, code: str, language: str, assignment_title: str, assignment_description: str) -> str:
    return (
        f"Assignment: {assignment_title}\n{assignment_description}\n\n"
        f"Solution ({language}):\n```{language}\n{code}\n```"
    )


def _report_from_answer(answer: str, *, prompt: str) -> AssignmentReport:
    try:
        data = json.loads(answer)
        score = int(data["overall_score"])
        quality = {key: float(data["code_quality"][key]) for key in CODE_QUALITY_KEYS}
        lists = {key: [str(item) for item in data.get(key, [])] for key in ("strengths", "weaknesses", "suggestions")}
    except (TypeError, ValueError, KeyError) as error:
        raise AnalyzerUnavailable(f"the model's answer is not the JSON asked for ({error})") from error
    if not 0 <= score <= 100 or not all(0 <= value <= 10 for value in quality.values()):
        raise AnalyzerUnavailable("the model's scores are out of range")
    return AssignmentReport(
        overall_score=score,
        code_quality=quality,
        detailed_feedback=str(data.get("detailed_feedback", "")),
        ai_model=settings.LLM_MODEL,
        ai_prompt=f"{SYSTEM_PROMPT}\n\n{prompt}",
        **lists,
    )


class LLMAssignmentAnalyzer:
    def analyze(self, *, code: str, language: str, assignment_title: str = "", assignment_description: str = ""):
        if not (settings.LLM_API_BASE_URL and settings.LLM_API_KEY):
            raise AnalyzerUnavailable("no LLM is configured")
        prompt = _prompt(
            code=code,
            language=language,
            assignment_title=assignment_title,
            assignment_description=assignment_description,
        )
        client = openai.OpenAI(
            base_url=settings.LLM_API_BASE_URL,
            api_key=settings.LLM_API_KEY,
            timeout=settings.LLM_TIMEOUT_SECONDS,
            max_retries=0,  # a failed analysis falls back at once; the task can be run again later
            http_client=httpx2.Client(transport=http_transport()),
        )
        try:
            completion = client.chat.completions.create(
                model=settings.LLM_MODEL,
                messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}],
                response_format={"type": "json_object"},
            )
        except openai.OpenAIError as error:  # timeouts, rate limits, server and connection errors
            raise AnalyzerUnavailable(f"the LLM call failed: {type(error).__name__}") from error
        finally:
            client.close()
        return _report_from_answer(completion.choices[0].message.content or "", prompt=prompt)
