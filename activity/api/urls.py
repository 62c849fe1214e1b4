from django.urls import path

from . import views

urlpatterns = [path("me/activity", views.MyActivity.as_view(), name="my-activity")]
