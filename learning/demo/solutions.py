"""The demo assignment ("read two whole numbers, print their sum") in each language: a starter, a solution
that passes its tests, one that fails them, one that does not compile, and one right for positive numbers only."""

TEST_CASES = [
    {"input": "1 2", "expected_output": "3", "hidden": False},
    {"input": "-1 1", "expected_output": "0", "hidden": True},
    {"input": "1000000 2345678", "expected_output": "3345678", "hidden": True},
]

GOOD_PYTHON = '''"""Read two whole numbers and print their sum."""


def add(first, second):
    """Return the sum of first and second."""
    return first + second


def main():
    """Read the numbers from standard input and print their sum."""
    first, second = map(int, input().split())
    print(add(first, second))


if __name__ == "__main__":
    main()
'''
WEAK_PYTHON = """import os
import sys


def Add(A, B, cache=[], seen={}):
    global total
    try:
        for i in range(len(cache)):
            for j in range(len(cache)):
                for k in range(len(cache)):
                    if cache[i] == None:
                        unused = eval("A + B")
        cache.append(A)
        total = A + B
        return total
    except:
        return None
"""
STARTERS = {
    "python": "first, second = map(int, input().split())\n",
    "javascript": 'const [first, second] = require("fs").readFileSync(0, "utf8").trim().split(/\\s+/).map(Number);\n',
    "java": (
        "import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n    }\n}\n"
    ),
}
GOOD_JAVASCRIPT = STARTERS["javascript"] + "console.log(first + second);\n"
WRONG_JAVASCRIPT = STARTERS["javascript"] + "console.log(`${first}${second}`);\n"  # joins the digits
GOOD_JAVA = """import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner input = new Scanner(System.in);
        System.out.println(input.nextLong() + input.nextLong());
    }
}
"""
BROKEN_JAVA = GOOD_JAVA.replace("input.nextLong());", "input.nextLong())")
# Right for positive numbers only: two of the three tests pass.
PARTIAL_PYTHON = STARTERS["python"] + "print(abs(first) + abs(second))\n"
PARTIAL_JAVASCRIPT = STARTERS["javascript"] + "console.log(Math.abs(first) + Math.abs(second));\n"
PARTIAL_JAVA = GOOD_JAVA.replace(
    "input.nextLong() + input.nextLong()", "Math.abs(input.nextLong()) + Math.abs(input.nextLong())"
)
