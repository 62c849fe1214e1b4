"""How an attempt is scored: earned over total points, as a percent with two decimals."""

from decimal import ROUND_HALF_UP, Decimal


def quiz_score_percent(*, earned: int, total: int) -> Decimal:
    if not total:
        return Decimal(0)
    return (Decimal(earned) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def quiz_passed(*, score: Decimal, passing_score: int) -> bool:
    return score >= passing_score
