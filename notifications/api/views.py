from rest_framework import generics

from codezest.api.pagination import CursorPagination
from codezest.api.views import SelectorQuerysetMixin
from notifications import selectors

from .serializers import NotificationSerializer


class NotificationPagination(CursorPagination):
    """Notification pages also say how many of the user's notifications are unread."""

    def paginate_queryset(self, queryset, request, view=None):
        self.unread_count = selectors.user_unread_count(user=request.user)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread_count"] = self.unread_count
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread_count"] = {"type": "integer", "description": "Unread notifications."}
        paginated["required"] = [*paginated.get("required", []), "unread_count"]
        return paginated


class MyNotifications(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def select(self):
        return selectors.user_notifications(user=self.request.user)
