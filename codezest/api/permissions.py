from rest_framework.permissions import BasePermission


class IsInstructorOrAdmin(BasePermission):
    """Instructors and admins see every learner's work; students only their own, elsewhere."""

    message = "Only instructors and admins may list everyone's work."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.role in (user.Role.INSTRUCTOR, user.Role.ADMIN))
