from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from codezest.api import health

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("learning.api.urls")),
    path("", include("payments.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("activity.api.urls")),
]

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
