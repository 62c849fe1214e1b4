"""The demo's content: three languages with modules, materials, assignments and quizzes."""

from learning.assignments.models import Assignment
from learning.content.models import Material, MaterialType, Module, ProgrammingLanguage
from learning.quizzes.models import MCQOption, MCQQuestion, MCQQuiz

from .solutions import STARTERS, TEST_CASES

LANGUAGES = {
    "python": ("Python", "🐍", "BEGINNER", ["Basics", "Functions"]),
    "javascript": ("JavaScript", "🟨", "BEGINNER", ["Basics", "Functions"]),
    "java": ("Java", "☕", "INTERMEDIATE", ["Basics", "Classes"]),
}
TOPIC_QUESTIONS = {
    "variables": ("Which statement gives a name to a value?", "An assignment", "A comment"),
    "loops": ("Which construct repeats code?", "A loop", "An import"),
    "functions": ("What does a function return without a return statement?", "Nothing (null or None)", "Zero"),
    "scope": ("Where is a variable made inside a function visible?", "Inside that function", "Everywhere"),
}


def demo_content() -> list[Module]:
    """Languages, modules, materials, assignments and quizzes, found by their slugs and titles."""
    modules = []
    for slug, (name, icon, difficulty, module_titles) in LANGUAGES.items():
        language, _ = ProgrammingLanguage.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "icon": icon,
                "difficulty": difficulty,
                "description": f"Learn {name} from the ground up.",
            },
        )
        for order, title in enumerate(module_titles):
            module, _ = Module.objects.get_or_create(
                language=language,
                slug=title.lower(),
                defaults={
                    "title": f"{name} {title}",
                    "order": order,
                    "description": f"{title} of {name}.",
                    "syllabus": f"1. Introduction\n2. {title} in practice\n3. Exercises",
                },
            )
            modules.append(module)
            for position, (kind, topic) in enumerate(
                [
                    (MaterialType.VIDEO, "variables"),
                    (MaterialType.ARTICLE, "loops"),
                    (MaterialType.CODE_EXAMPLE, "functions"),
                ]
            ):
                Material.objects.get_or_create(
                    module=module,
                    title=f"{title}: {topic}",
                    defaults={
                        "type": kind,
                        "order": position,
                        "duration": 10 + 5 * position,
                        "content": f"# {topic.title()}\nHow {topic} work in {name}.",
                    },
                )
            Assignment.objects.update_or_create(  # the current brief and tests, also in an older demo database
                module=module,
                title=f"{name} {title}: add two numbers",
                defaults={
                    "description": "Read two whole numbers from standard input and print their sum.",
                    "starter_code": STARTERS[slug],
                    "test_cases": TEST_CASES,
                    "hints": ["The + operator adds numbers.", "The numbers may be large or negative."],
                },
            )
            quiz, created = MCQQuiz.objects.get_or_create(
                module=module, title=f"{name} {title} quiz", defaults={"time_limit": 15}
            )
            if created:
                for number, (topic, (text, right, wrong)) in enumerate(TOPIC_QUESTIONS.items()):
                    question = MCQQuestion.objects.create(
                        quiz=quiz, question=text, topic=topic, order=number, explanation=f"{right} is correct."
                    )
                    MCQOption.objects.create(question=question, option_text=right, is_correct=True, order=0)
                    MCQOption.objects.create(question=question, option_text=wrong, is_correct=False, order=1)
    return modules
