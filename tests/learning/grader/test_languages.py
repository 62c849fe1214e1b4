"""The local backend on real interpreters and compilers: each language's pass, fail and compile error."""

import pytest

from learning.assignments.grader import Verdict, grade

from .conftest import case, require_runtime

DOUBLES = [case("2\n", "4\n"), case("21\n", "42", hidden=True)]

SOLUTIONS = {
    "python": {
        "correct": "print(int(input()) * 2)\n",
        "wrong": "print(int(input()) + 1)\n",
        "broken": "def double(:\n    pass\n",
        "error": "SyntaxError",
    },
    "javascript": {
        "correct": 'const n = Number(require("fs").readFileSync("/dev/stdin", "utf8").trim());\nconsole.log(n * 2);\n',
        "wrong": 'const n = Number(require("fs").readFileSync(0, "utf8").trim());\nconsole.log(n + 1);\n',
        "broken": "console.log((;\n",
        "error": "SyntaxError",
    },
    "java": {
        "correct": (
            "import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n"
            "        System.out.println(new Scanner(System.in).nextInt() * 2);\n    }\n}\n"
        ),
        "wrong": (
            "import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n"
            "        System.out.println(new Scanner(System.in).nextInt() + 1);\n    }\n}\n"
        ),
        "broken": "public class Main {\n    public static void main(String[] args) {\n        int x = ;\n    }\n}\n",
        "error": "error: illegal start of expression",
    },
}


@pytest.fixture(params=list(SOLUTIONS))
def language(request, local_grader):
    require_runtime(request.param)
    return request.param


def test_a_correct_solution_passes_every_test(language):
    result = grade(language=language, code=SOLUTIONS[language]["correct"], test_cases=DOUBLES)

    assert [test.verdict for test in result.tests] == [Verdict.PASSED, Verdict.PASSED]
    assert (result.passed, result.total, result.percent, result.compile_error) == (2, 2, 100, False)
    assert [(test.number, test.hidden, test.stdout) for test in result.tests] == [(1, False, "4\n"), (2, True, "42\n")]
    for test in result.tests:
        assert 0 < test.time_ms < 2000
        assert test.wall_time_ms >= test.time_ms / 2  # two cores at most
        assert 1000 < test.memory_kb < 200_000  # the program's own peak, not the grader's


def test_a_wrong_solution_gets_wrong_answer(language):
    result = grade(language=language, code=SOLUTIONS[language]["wrong"], test_cases=DOUBLES)

    assert [test.verdict for test in result.tests] == [Verdict.WRONG_ANSWER, Verdict.WRONG_ANSWER]
    assert [test.stdout for test in result.tests] == ["3\n", "22\n"]
    assert (result.passed, result.percent) == (0, 0)


def test_code_that_does_not_compile_gets_compile_error_with_the_reason(language):
    result = grade(language=language, code=SOLUTIONS[language]["broken"], test_cases=DOUBLES)

    assert result.compile_error
    assert [test.verdict for test in result.tests] == [Verdict.COMPILE_ERROR, Verdict.COMPILE_ERROR]
    assert SOLUTIONS[language]["error"] in result.compile_output
    assert [test.hidden for test in result.tests] == [False, True]
