from importlib import import_module

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from codezest.api import health


def patterns_of(*urlconfs: str) -> list:
    """The patterns of several URLconfs as one list. Included one by one under the same prefix, a path of the
    last would first fail through each of the others, which lists every pattern it tried: a fifth of a short
    request's time."""
    return [pattern for urlconf in urlconfs for pattern in import_module(urlconf).urlpatterns]


api_v1 = patterns_of(
    "accounts.api.urls", "learning.api.urls", "payments.api.urls", "notifications.api.urls", "activity.api.urls"
)

urlpatterns = [
    path("health", health.health, name="health"),
    path("ready", health.ready, name="ready"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]

handler404 = "codezest.api.errors.page_not_found"
handler500 = "codezest.api.errors.server_error"
