from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from codezest.api.pagination import CursorPagination
from codezest.api.parsers import JSONParser
from codezest.api.rows import JSONRowsListMixin
from codezest.api.views import SelectorQuerysetMixin
from notifications import selectors, services

from .serializers import NotificationPreferenceSerializer, NotificationSerializer, ReadAllSerializer


class NotificationPagination(CursorPagination):
    """Notification pages also say how many of the user's notifications are unread: read with the page's rows
    (dicts as ``JSONRowsListMixin`` reads them, or notifications), or on its own when the page is empty."""

    def paginate_queryset(self, queryset, request, view=None):
        counted = queryset.annotate(unread_count=selectors.user_unread_count_subquery(user=request.user))
        page = super().paginate_queryset(counted, request, view)
        if not page:
            self.unread_count = selectors.user_unread_count(user=request.user)
        else:  # notifications when a view serializes its rows in Python (the JSON rows' tests compare with one)
            self.unread_count = page[0]["unread_count"] if isinstance(page[0], dict) else page[0].unread_count
        return page

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread_count"] = self.unread_count
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread_count"] = {"type": "integer", "description": "Unread notifications."}
        paginated["required"] = [*paginated.get("required", []), "unread_count"]
        return paginated


class MyNotifications(JSONRowsListMixin, SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def select(self):
        return selectors.user_notifications(user=self.request.user)


class MyNotificationPreferences(APIView):
    """The signed-in user's notification channels; PATCH turns the channels sent on or off."""

    parser_classes = [JSONParser]  # true and false are JSON's: a form would send them as strings

    @extend_schema(responses={200: NotificationPreferenceSerializer})
    def get(self, request):
        preference = selectors.user_notification_preference(user=request.user)
        return Response(NotificationPreferenceSerializer(preference).data)

    @extend_schema(request=NotificationPreferenceSerializer, responses={200: NotificationPreferenceSerializer})
    def patch(self, request):
        changes = NotificationPreferenceSerializer(data=request.data, partial=True)
        changes.is_valid(raise_exception=True)
        preference = services.notification_preference_update(user=request.user, **changes.validated_data)
        return Response(NotificationPreferenceSerializer(preference).data)


class MyNotificationRead(SelectorQuerysetMixin, generics.GenericAPIView):
    """Mark one of your notifications read."""

    serializer_class = NotificationSerializer

    def select(self):
        return selectors.user_notifications(user=self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    def post(self, request, pk):
        notification = services.notification_mark_read(notification=self.get_object())
        return Response(NotificationSerializer(notification).data)


class MyNotificationsReadAll(APIView):
    """Mark every one of your notifications read; the answer says how many were unread."""

    @extend_schema(request=None, responses={200: ReadAllSerializer})
    def post(self, request):
        marked = services.notification_mark_all_read(user=request.user)
        return Response(ReadAllSerializer({"marked": marked}).data)
