from django.urls import path

from . import views

urlpatterns = [
    path("me/notifications", views.MyNotifications.as_view(), name="my-notifications"),
    path("me/notification-preferences", views.MyNotificationPreferences.as_view(), name="my-notification-preferences"),
]
