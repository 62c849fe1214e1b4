from django.urls import path

from . import views

urlpatterns = [
    path("me/notifications", views.MyNotifications.as_view(), name="my-notifications"),
    path("me/notifications/read-all", views.MyNotificationsReadAll.as_view(), name="my-notifications-read-all"),
    path("me/notifications/<uuid:pk>/read", views.MyNotificationRead.as_view(), name="my-notification-read"),
    path("me/notification-preferences", views.MyNotificationPreferences.as_view(), name="my-notification-preferences"),
]
