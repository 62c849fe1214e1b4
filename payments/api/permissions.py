from rest_framework.permissions import BasePermission

from payments.selectors import plan_allows


def plan_includes(feature: str) -> type[BasePermission]:
    """A DRF permission: the caller's plan includes ``feature`` (see payments.selectors.plan_allows)."""

    class PlanIncludes(BasePermission):
        message = f"Your plan does not include {feature}: upgrade to PRO."

        def has_permission(self, request, view):
            return bool(
                request.user and request.user.is_authenticated and plan_allows(user=request.user, feature=feature)
            )

    PlanIncludes.__name__ = f"PlanIncludes_{feature}"
    return PlanIncludes
