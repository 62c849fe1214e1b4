"""The learning admin: each subdomain registers its own pages."""

from learning.assignments import admin as assignments_admin
from learning.content import admin as content_admin
from learning.dashboard import admin as dashboard_admin
from learning.progress import admin as progress_admin
from learning.quizzes import admin as quizzes_admin
from learning.review import admin as review_admin

__all__ = ["assignments_admin", "content_admin", "dashboard_admin", "progress_admin", "quizzes_admin", "review_admin"]
